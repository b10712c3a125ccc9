using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Emits, for a tensor method <c>Xxx</c>: <c>XxxGradients</c> (the gradient tensors, the reusable workspace and the
/// forward-and-backward computation with its fused loop bodies), <c>XxxBackward</c> and <c>XxxValueAndGradients</c>.
/// Inside the class, methods reach its members through <c>this.</c>: their locals are the user's names and may
/// spell a member's.
/// </summary>
internal sealed class GradientsClassEmitter
{
    private readonly ComputePlan _plan;
    private readonly MethodIr _method;
    private readonly string _t;
    private readonly string _class;
    private readonly Dictionary<int, string> _properties = new();
    private readonly Dictionary<int, string> _gradientFields = new();
    private readonly SizeText _sizes;
    private readonly string _gradients;
    private readonly string _outputGradient;

    public GradientsClassEmitter(ComputePlan plan)
    {
        _plan = plan;
        _sizes = new SizeText(plan);
        _method = plan.Method;
        _gradients = plan.Members.GradientsParameter;
        _outputGradient = plan.OutputGradient.Public;
        _t = _method.Element.CSharpName();
        _class = plan.Members.Class;
        for (int i = 0; i < plan.Gradients.Count; i++)
        {
            _properties[plan.Gradients[i].ParameterIndex] = plan.Members.Properties[i];
            _gradientFields[plan.Gradients[i].ParameterIndex] = plan.Members.GradientFields[i];
        }
    }

    private string ResultType => _method.ReturnsTensor ? CSharp.Tensor(_method.Element) : _t;

    private IEnumerable<BufferInfo> Owned => _plan.Buffers.Where(b => b.Kind != BufferKind.Input);

    /// <summary>One per backing array: buffers that share an array list it once.</summary>
    private IEnumerable<BufferInfo> Fields => Owned.GroupBy(b => b.Field).Select(g => g.First());

    public void Write(SourceWriter writer)
    {
        WriteClass(writer);
        writer.WriteLine();
        WriteBackward(writer);
        writer.WriteLine();
        WriteValueAndGradients(writer);
    }

    private void WriteClass(SourceWriter writer)
    {
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// The gradients of <see cref=\"{Identifiers.Escape(_method.Name)}\"/>, filled by <see cref=\"{_method.Name}Backward\"/>: one per");
        writer.WriteLine("/// differentiated parameter, in its shape. Keep one instance for a training loop: its tensors and");
        writer.WriteLine("/// workspace are allocated on first use and overwritten, not reallocated, while the shapes stay the same.");
        writer.WriteLine("/// An instance is not safe to use from two threads at once.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(CSharp.GeneratedCode);
        writer.OpenBlock($"{_method.Accessibility} sealed class {_class} : {GradientSet}");

        WriteProperties(writer);
        WriteParameterSet(writer);
        WriteFields(writer);
        writer.WriteLine();
        WriteAllocate(writer);
        writer.WriteLine();
        WriteCompute(writer);

        foreach (var loop in _plan.Steps.OfType<LoopStep>())
        {
            writer.WriteLine();
            new LoopEmitter(_plan, loop.Loop).WriteBody(writer);
        }
        foreach (var layers in _plan.Loops)
        {
            foreach (var loop in layers.Body.Steps.OfType<LoopStep>())
            {
                writer.WriteLine();
                new LoopEmitter(layers.Body, loop.Loop).WriteBody(writer);
            }
        }
        writer.CloseBlock();
    }

    private void WriteProperties(SourceWriter writer)
    {
        foreach (var gradient in _plan.Gradients)
        {
            var parameter = _method.Parameters[gradient.ParameterIndex];
            string rules = gradient.Rules.Count == 0
                ? "It is always zero: the result does not depend on it."
                : "Rules: " + string.Join("; ", gradient.Rules) + ".";
            writer.WriteLine($"/// <summary>∂{_method.Name}/∂{parameter.Name}{(parameter.IsTensor ? ", shape " + parameter.DeclaredShape : string.Empty)}. {CSharp.Xml(rules)}</summary>");
            if (parameter.IsTensor)
            {
                writer.WriteLine($"public {CSharp.Tensor(_method.Element)} {_properties[parameter.Index]} => this.{_gradientFields[parameter.Index]};");
            }
            else
            {
                writer.WriteLine($"public {_t} {_properties[parameter.Index]} {{ get; private set; }}");
            }
            writer.WriteLine();
        }
    }

    private string GradientSet => $"global::AutoDiffGen.Training.IGradientSet<{_t}>";

    /// <summary>The differentiated tensor parameters, in declaration order.</summary>
    private IEnumerable<ParameterIr> Trained => _plan.Gradients.Where(g => g.Buffer >= 0).Select(g => _method.Parameters[g.ParameterIndex]);

    /// <summary>
    /// <c>Parameters(…)</c>, which binds the tensors to train by name, and the gradient set an optimizer pairs them
    /// with; the interface is implemented explicitly so that it takes no name from the class.
    /// </summary>
    private void WriteParameterSet(SourceWriter writer)
    {
        var trained = Trained.ToList();
        string tensor = CSharp.Tensor(_method.Element);
        string set = $"global::AutoDiffGen.Training.ParameterSet<{_t}>";
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// The tensors <see cref=\"{Identifiers.Escape(_method.Name)}\"/> differentiates, bound by name for an optimizer, which pairs each with its");
        writer.WriteLine("/// gradient in an instance of this class and checks their shapes.");
        writer.WriteLine("/// </summary>");
        foreach (var parameter in trained) writer.WriteLine($"/// <param name=\"{parameter.Name}\">The tensor passed as <c>{parameter.Name}</c>, updated in place by an optimizer.</param>");
        writer.WriteLine($"public static {set} Parameters({string.Join(", ", trained.Select(p => $"{tensor} {Identifiers.Escape(p.Name)}"))})");
        string names = trained.Count == 0 ? "global::System.Array.Empty<string>()" : "new[] { " + string.Join(", ", trained.Select(p => CSharp.String(p.Name))) + " }";
        string tensors = trained.Count == 0 ? $"global::System.Array.Empty<{tensor}>()" : "new[] { " + string.Join(", ", trained.Select(p => Identifiers.Escape(p.Name))) + " }";
        writer.WriteLine($"    => new {set}(typeof({_class}), {names}, {tensors});");
        writer.WriteLine();
        writer.WriteLine($"private static readonly string[] {_plan.Members.NamesField} = {names};");
        writer.WriteLine();
        writer.WriteLine($"global::System.Collections.Generic.IReadOnlyList<string> {GradientSet}.Names => {_plan.Members.NamesField};");
        writer.WriteLine();
        writer.OpenBlock($"{tensor} {GradientSet}.Gradient(int index) => index switch");
        int i = 0;
        foreach (var parameter in trained) writer.WriteLine($"{i++} => this.{_properties[parameter.Index]},");
        writer.WriteLine("_ => throw new global::System.ArgumentOutOfRangeException(nameof(index)),");
        writer.CloseBlock(";");
        writer.WriteLine();
    }

    private void WriteFields(SourceWriter writer)
    {
        foreach (var gradient in _plan.Gradients.Where(g => g.Buffer >= 0))
            writer.WriteLine($"private {CSharp.Tensor(_method.Element)} {_gradientFields[gradient.ParameterIndex]} = {CSharp.Tensor(_method.Element)}.Empty;");
        if (_method.ReturnsTensor)
            writer.WriteLine($"private {CSharp.Tensor(_method.Element)} {_plan.Members.ResultField} = {CSharp.Tensor(_method.Element)}.Empty;");

        writer.WriteLine($"private bool {_plan.Members.AllocatedField};");
        foreach (string field in _plan.Members.SizeFields) writer.WriteLine($"private int {field};");

        writer.WriteLine("// Copies of arguments that are not dense.");
        foreach (var input in _plan.Buffers.Where(b => b.Kind == BufferKind.Input))
            writer.WriteLine($"private {input.Element.CSharpName()}[]? {input.Field};");
        writer.WriteLine("// Forward values the backward pass reads, adjoints, gradients and the result. Values whose lifetimes do not");
        writer.WriteLine("// overlap share an array (workspace0, …).");
        foreach (var buffer in Fields)
        {
            string type = buffer.Element.CSharpName();
            writer.WriteLine($"private {type}[] {buffer.Field} = global::System.Array.Empty<{type}>();");
        }
        if (_plan.Loops.Count > 0)
        {
            writer.WriteLine("// Per loop: each iteration's result, the adjoint passed between iterations, and the body's workspace, with a");
            writer.WriteLine("// slice per iteration for what its backward pass reads.");
        }
        foreach (var (field, element, _) in LoopFields)
        {
            string type = element.CSharpName();
            writer.WriteLine($"private {type}[] {field} = global::System.Array.Empty<{type}>();");
        }
    }

    private IEnumerable<(string Field, ElementType Element, string Size)> LoopFields
        => _plan.Loops.SelectMany(loop => new LoopStatementEmitter(_plan, loop).Fields());

    private void WriteAllocate(SourceWriter writer)
    {
        string parameters = string.Join(", ", _plan.SymbolLocals.Select(s => "int " + s));
        writer.WriteLine("/// <summary>Sizes the workspace for these shapes; does nothing while they are unchanged.</summary>");
        writer.OpenBlock($"private void Allocate({parameters})");
        var symbols = _plan.SymbolLocals.Zip(_plan.Members.SizeFields, (local, field) => (Local: local, Field: field)).ToList();
        string same = string.Concat(symbols.Select(s => $" && {s.Local} == this.{s.Field}"));
        string allocated = "this." + _plan.Members.AllocatedField;
        writer.WriteLine($"if ({allocated}{same}) return;");
        writer.WriteLine($"{allocated} = true;");
        foreach (var (local, field) in symbols) writer.WriteLine($"this.{field} = {local};");
        foreach (var buffer in Fields)
            writer.WriteLine($"this.{buffer.Field} = new {buffer.Element.CSharpName()}[checked({_sizes.Of(buffer.Shape.Count)})];");
        foreach (var (field, element, size) in LoopFields)
            writer.WriteLine($"this.{field} = new {element.CSharpName()}[checked({size})];");
        foreach (var gradient in _plan.Gradients.Where(g => g.Buffer >= 0))
        {
            var parameter = _method.Parameters[gradient.ParameterIndex];
            writer.WriteLine($"this.{_gradientFields[parameter.Index]} = {CSharp.Runtime}TensorData.Wrap(this.{_plan.Buffers[gradient.Buffer].Field}, {Lengths(parameter.DeclaredShape)});");
        }
        if (_method.ReturnsTensor)
        {
            var result = _plan.Buffers.First(b => b.Kind == BufferKind.Result);
            writer.WriteLine($"this.{_plan.Members.ResultField} = {CSharp.Runtime}TensorData.Wrap(this.{result.Field}, {Lengths(_plan.Nodes[_plan.ResultId].Shape)});");
        }
        writer.CloseBlock();
    }

    private string Lengths(Shape shape) => "new nint[] { " + string.Join(", ", shape.Dims.Select(_sizes.Of)) + " }";

    /// <summary>The parameter list with tensors renamed, so the spans over their elements can take the plain names.</summary>
    private string ComputeParameters()
    {
        var parameters = _method.Parameters.Select(p => p.IsTensor
            ? $"{CSharp.Tensor(p.Element)} {_plan.ParameterNames[p.Index].Tensor}"
            : $"{p.Element.CSharpName()} {_plan.ParameterNames[p.Index].Local}").ToList();
        if (_method.ReturnsTensor) parameters.Add($"{CSharp.Tensor(_method.Element)} {_plan.OutputGradient.Tensor}");
        return string.Join(", ", parameters);
    }

    private void WriteCompute(SourceWriter writer)
    {
        writer.WriteLine("/// <summary>The forward pass, keeping what the backward pass needs, then the backward pass.</summary>");
        writer.WriteLine("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        writer.OpenBlock($"internal {ResultType} Compute({ComputeParameters()})");

        ShapeCheckEmitter.Write(writer, _plan, _method.ReturnsTensor ? _plan.Nodes[_plan.ResultId].Shape : null);
        writer.WriteLine();

        foreach (var input in _plan.Buffers.Where(b => b.Kind == BufferKind.Input))
        {
            string tensor = input.ParameterIndex >= 0 ? _plan.ParameterNames[input.ParameterIndex].Tensor : _plan.OutputGradient.Tensor;
            writer.WriteLine($"{CSharp.ReadOnlySpan(input.Element)} {input.Name} = {CSharp.Runtime}TensorData.Read({tensor}, ref this.{input.Field});");
        }
        if (_plan.IndexChecks.Count > 0)
        {
            writer.WriteLine("// Every index in range before anything is computed or written.");
            foreach (var check in _plan.IndexChecks)
            {
                writer.WriteLine($"{CSharp.Kernels}IndexCheck.InRange({_plan.Buffers[check.Buffer].Name}, {_sizes.Of(check.Limit)}, " +
                    $"{CSharp.String(check.Parameter)});");
            }
        }
        writer.WriteLine($"this.Allocate({string.Join(", ", _plan.SymbolLocals)});");
        foreach (var buffer in Owned)
            writer.WriteLine($"{CSharp.Span(buffer.Element)} {buffer.Name} = this.{buffer.Field};");

        var steps = new StepEmitter(_plan);
        bool started = false, inBackward = false;
        foreach (var step in _plan.Steps)
        {
            if (!started || (step.IsBackward && !inBackward))
            {
                writer.WriteLine();
                writer.WriteLine(step.IsBackward ? "// Backward pass" : "// Forward pass");
                started = true;
                inBackward = step.IsBackward;
            }
            steps.Write(writer, step);
        }

        writer.WriteLine();
        foreach (var gradient in _plan.Gradients.Where(g => g.Buffer < 0))
            writer.WriteLine($"this.{_properties[gradient.ParameterIndex]} = {ScalarValue(gradient.ValueId)};");
        writer.WriteLine(_method.ReturnsTensor ? $"return this.{_plan.Members.ResultField};" : $"return {ScalarValue(_plan.ResultId)};");
        writer.CloseBlock();
    }

    private string ScalarValue(int id) => ScalarExpressions.Value(_plan, id);

    private string PublicParameters(bool withGradient)
    {
        var parameters = _method.Parameters.Select(p =>
            $"{(p.IsTensor ? CSharp.Tensor(p.Element) : p.Element.CSharpName())} {Identifiers.Escape(p.Name)}").ToList();
        if (_method.ReturnsTensor) parameters.Add($"{CSharp.Tensor(_method.Element)} {_outputGradient}");
        if (withGradient) parameters.Add($"{_class} {_gradients}");
        return string.Join(", ", parameters);
    }

    private string Arguments()
    {
        var arguments = _method.Parameters.Select(p => Identifiers.Escape(p.Name)).ToList();
        if (_method.ReturnsTensor) arguments.Add(_outputGradient);
        return string.Join(", ", arguments);
    }

    private void WriteBackward(SourceWriter writer)
    {
        writer.WriteLine("/// <summary>");
        if (_method.ReturnsTensor)
        {
            writer.WriteLine($"/// Runs <see cref=\"{Identifiers.Escape(_method.Name)}\"/> and its vector-Jacobian product: overwrites <paramref name=\"{_gradients}\"/> with");
            writer.WriteLine($"/// the gradient of Σ result ⊙ <paramref name=\"{_outputGradient}\"/> with respect to each differentiated parameter.");
            writer.WriteLine($"/// Allocates nothing once <paramref name=\"{_gradients}\"/> has buffers for these shapes.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine($"/// <returns>The result, a tensor owned by <paramref name=\"{_gradients}\"/> and overwritten by its next use.</returns>");
        }
        else
        {
            writer.WriteLine($"/// Runs <see cref=\"{Identifiers.Escape(_method.Name)}\"/> and its backward pass: returns the value and overwrites");
            writer.WriteLine($"/// <paramref name=\"{_gradients}\"/> with its gradient with respect to each differentiated parameter.");
            writer.WriteLine($"/// Allocates nothing once <paramref name=\"{_gradients}\"/> has buffers for these shapes.");
            writer.WriteLine("/// </summary>");
        }
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">An argument's shape disagrees with its [Shape] or with another argument.</exception>");
        writer.WriteLine(CSharp.GeneratedCode);
        writer.OpenBlock($"{_method.Accessibility} static {ResultType} {_method.Name}Backward({PublicParameters(withGradient: true)})");
        writer.WriteLine($"global::System.ArgumentNullException.ThrowIfNull({_gradients});");
        writer.WriteLine($"return {_gradients}.Compute({Arguments()});");
        writer.CloseBlock();
    }

    private void WriteValueAndGradients(SourceWriter writer)
    {
        writer.WriteLine($"/// <summary>Runs <see cref=\"{Identifiers.Escape(_method.Name)}\"/> and its backward pass into a new <see cref=\"{_class}\"/>.</summary>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">An argument's shape disagrees with its [Shape] or with another argument.</exception>");
        writer.WriteLine(CSharp.GeneratedCode);
        writer.OpenBlock($"{_method.Accessibility} static ({ResultType} Value, {_class} Gradients) {_method.Name}ValueAndGradients({PublicParameters(withGradient: false)})");
        writer.WriteLine($"var {_gradients} = new {_class}();");
        writer.WriteLine($"return ({_gradients}.Compute({Arguments()}), {_gradients});");
        writer.CloseBlock();
    }
}
