using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Emits, for a tensor method <c>Xxx</c>: <c>XxxGradients</c> (the gradient tensors, the reusable workspace and the
/// forward-and-backward computation with its fused loop bodies), <c>XxxBackward</c> and <c>XxxValueAndGradients</c>.
/// </summary>
internal sealed class GradientsClassEmitter
{
    private readonly ComputePlan _plan;
    private readonly MethodIr _method;
    private readonly string _t;
    private readonly string _class;
    private readonly Dictionary<int, string> _properties = new();
    private readonly SizeText _sizes;
    private readonly string _gradients;
    private readonly string _outputGradient;

    public GradientsClassEmitter(ComputePlan plan)
    {
        _plan = plan;
        _sizes = new SizeText(plan);
        _method = plan.Method;
        // The public methods' own parameters, renamed only if the method has parameters by these names.
        _gradients = new NameScope(_method.Parameters.Select(p => p.Name).Append(plan.OutputGradient.Public)).Take("gradients");
        _outputGradient = plan.OutputGradient.Public;
        _t = _method.Element.CSharpName();
        _class = _method.Name + "Gradients";

        var taken = new HashSet<string> { "Compute", "Allocate", _class };
        foreach (var step in plan.Steps.OfType<LoopStep>()) taken.Add(step.Loop.Name);
        foreach (var gradient in plan.Gradients)
        {
            string name = CSharp.Pascal(_method.Parameters[gradient.ParameterIndex].Name);
            while (!taken.Add(name)) name += "Gradient";
            _properties[gradient.ParameterIndex] = name;
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
        writer.WriteLine($"/// The gradients of <see cref=\"{_method.Name}\"/>, filled by <see cref=\"{_method.Name}Backward\"/>: one per");
        writer.WriteLine("/// differentiated parameter, in its shape. Keep one instance for a training loop: its tensors and");
        writer.WriteLine("/// workspace are allocated on first use and overwritten, not reallocated, while the shapes stay the same.");
        writer.WriteLine("/// An instance is not safe to use from two threads at once.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(CSharp.GeneratedCode);
        writer.OpenBlock($"{_method.Accessibility} sealed class {_class}");

        WriteProperties(writer);
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
                writer.WriteLine($"public {CSharp.Tensor(_method.Element)} {_properties[parameter.Index]} => _{parameter.Name}Gradient;");
            }
            else
            {
                writer.WriteLine($"public {_t} {_properties[parameter.Index]} {{ get; private set; }}");
            }
            writer.WriteLine();
        }
    }

    private void WriteFields(SourceWriter writer)
    {
        foreach (var gradient in _plan.Gradients.Where(g => g.Buffer >= 0))
            writer.WriteLine($"private {CSharp.Tensor(_method.Element)} _{_method.Parameters[gradient.ParameterIndex].Name}Gradient = {CSharp.Tensor(_method.Element)}.Empty;");
        if (_method.ReturnsTensor)
            writer.WriteLine($"private {CSharp.Tensor(_method.Element)} _resultTensor = {CSharp.Tensor(_method.Element)}.Empty;");

        writer.WriteLine("private bool _allocated;");
        foreach (string symbol in _plan.SymbolLocals) writer.WriteLine($"private int _size{symbol};");

        writer.WriteLine("// Copies of arguments that are not dense.");
        foreach (var input in _plan.Buffers.Where(b => b.Kind == BufferKind.Input))
            writer.WriteLine($"private {input.Element.CSharpName()}[]? _{CopyName(input)};");
        writer.WriteLine("// Forward values the backward pass reads, adjoints, gradients and the result. Values whose lifetimes do not");
        writer.WriteLine("// overlap share an array (workspace0, …).");
        foreach (var buffer in Fields)
        {
            string type = buffer.Element.CSharpName();
            writer.WriteLine($"private {type}[] _{buffer.Field} = global::System.Array.Empty<{type}>();");
        }
    }

    private void WriteAllocate(SourceWriter writer)
    {
        string parameters = string.Join(", ", _plan.SymbolLocals.Select(s => "int " + s));
        writer.WriteLine("/// <summary>Sizes the workspace for these shapes; does nothing while they are unchanged.</summary>");
        writer.OpenBlock($"private void Allocate({parameters})");
        string same = string.Concat(_plan.SymbolLocals.Select(s => $" && {s} == _size{s}"));
        writer.WriteLine($"if (_allocated{same}) return;");
        writer.WriteLine("_allocated = true;");
        foreach (string symbol in _plan.SymbolLocals) writer.WriteLine($"_size{symbol} = {symbol};");
        foreach (var buffer in Fields)
            writer.WriteLine($"_{buffer.Field} = new {buffer.Element.CSharpName()}[checked({_sizes.Of(buffer.Shape.Count)})];");
        foreach (var gradient in _plan.Gradients.Where(g => g.Buffer >= 0))
        {
            var parameter = _method.Parameters[gradient.ParameterIndex];
            writer.WriteLine($"_{parameter.Name}Gradient = {CSharp.Runtime}TensorData.Wrap(_{_plan.Buffers[gradient.Buffer].Field}, {Lengths(parameter.DeclaredShape)});");
        }
        if (_method.ReturnsTensor)
        {
            var result = _plan.Buffers.First(b => b.Kind == BufferKind.Result);
            writer.WriteLine($"_resultTensor = {CSharp.Runtime}TensorData.Wrap(_{result.Field}, {Lengths(_plan.Nodes[_plan.ResultId].Shape)});");
        }
        writer.CloseBlock();
    }

    private string Lengths(Shape shape) => "new nint[] { " + string.Join(", ", shape.Dims.Select(_sizes.Of)) + " }";

    /// <summary>The field a copy of a non-dense argument is kept in, named after the parameter.</summary>
    private string CopyName(BufferInfo input)
        => (input.ParameterIndex >= 0 ? _method.Parameters[input.ParameterIndex].Name : input.Name) + "Copy";

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
            writer.WriteLine($"{CSharp.ReadOnlySpan(input.Element)} {input.Name} = {CSharp.Runtime}TensorData.Read({tensor}, ref _{CopyName(input)});");
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
        writer.WriteLine($"Allocate({string.Join(", ", _plan.SymbolLocals)});");
        foreach (var buffer in Owned)
            writer.WriteLine($"{CSharp.Span(buffer.Element)} {buffer.Name} = _{buffer.Field};");

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
            writer.WriteLine($"{_properties[gradient.ParameterIndex]} = {ScalarValue(gradient.ValueId)};");
        writer.WriteLine(_method.ReturnsTensor ? "return _resultTensor;" : $"return {ScalarValue(_plan.ResultId)};");
        writer.CloseBlock();
    }

    private string ScalarValue(int id)
    {
        if (id < 0) return CSharp.Literal(0, _method.Element);
        var storage = _plan.Storage[id];
        return storage.Kind == StorageKind.Constant ? CSharp.Literal(_plan.Nodes[id].Attributes.Value, _plan.Nodes[id].Element) : storage.Name;
    }

    private string PublicParameters(bool withGradient)
    {
        var parameters = _method.Parameters.Select(p =>
            $"{(p.IsTensor ? CSharp.Tensor(p.Element) : p.Element.CSharpName())} {CSharp.Identifier(p.Name)}").ToList();
        if (_method.ReturnsTensor) parameters.Add($"{CSharp.Tensor(_method.Element)} {_outputGradient}");
        if (withGradient) parameters.Add($"{_class} {_gradients}");
        return string.Join(", ", parameters);
    }

    private string Arguments()
    {
        var arguments = _method.Parameters.Select(p => CSharp.Identifier(p.Name)).ToList();
        if (_method.ReturnsTensor) arguments.Add(_outputGradient);
        return string.Join(", ", arguments);
    }

    private void WriteBackward(SourceWriter writer)
    {
        writer.WriteLine("/// <summary>");
        if (_method.ReturnsTensor)
        {
            writer.WriteLine($"/// Runs <see cref=\"{_method.Name}\"/> and its vector-Jacobian product: overwrites <paramref name=\"{_gradients}\"/> with");
            writer.WriteLine($"/// the gradient of Σ result ⊙ <paramref name=\"{_outputGradient}\"/> with respect to each differentiated parameter.");
            writer.WriteLine($"/// Allocates nothing once <paramref name=\"{_gradients}\"/> has buffers for these shapes.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine($"/// <returns>The result, a tensor owned by <paramref name=\"{_gradients}\"/> and overwritten by its next use.</returns>");
        }
        else
        {
            writer.WriteLine($"/// Runs <see cref=\"{_method.Name}\"/> and its backward pass: returns the value and overwrites");
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
        writer.WriteLine($"/// <summary>Runs <see cref=\"{_method.Name}\"/> and its backward pass into a new <see cref=\"{_class}\"/>.</summary>");
        writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">An argument's shape disagrees with its [Shape] or with another argument.</exception>");
        writer.WriteLine(CSharp.GeneratedCode);
        writer.OpenBlock($"{_method.Accessibility} static ({ResultType} Value, {_class} Gradients) {_method.Name}ValueAndGradients({PublicParameters(withGradient: false)})");
        writer.WriteLine($"var {_gradients} = new {_class}();");
        writer.WriteLine($"return ({_gradients}.Compute({Arguments()}), {_gradients});");
        writer.CloseBlock();
    }
}
