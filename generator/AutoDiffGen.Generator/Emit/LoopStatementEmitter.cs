using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Writes a loop of the plan as two C# loops: the body's forward steps counting up, where the loop stands in the
/// forward pass, and its backward steps counting down, where its adjoint stands in the backward pass. Each iteration
/// binds the body's spans to its own slices (see <see cref="BodyBufferRole"/>), so the code does not grow with the
/// trip count; the gradients class holds the per-iteration storage (<see cref="Fields"/>).
/// </summary>
internal sealed class LoopStatementEmitter
{
    private readonly ComputePlan _outer;
    private readonly LoopSchedule _loop;
    private readonly ComputePlan _body;
    private readonly SizeText _sizes;
    private readonly string _t;
    private readonly string _trips;
    private readonly string _l;

    public LoopStatementEmitter(ComputePlan plan, LoopSchedule loop)
    {
        _outer = plan;
        _loop = loop;
        _body = loop.Body;
        _sizes = new SizeText(plan);
        _t = plan.Method.Element.CSharpName();
        _trips = _sizes.Of(loop.Loop.TripCount!);
        _l = loop.Counter;
    }

    private string Carried => _loop.Loop.Body.Parameters[0].Name;

    private string CarriedSize => _sizes.Of(_outer.Nodes[_loop.Forward].Shape.Count);

    private bool MayRunZeroTimes => !_loop.Loop.TripCount!.IsConstant;

    private string Last => _trips + " - 1";

    public void WriteForward(SourceWriter writer)
    {
        writer.WriteLine($"// {_outer.Storage[_loop.Forward].Name} = {Carried} after the loop over {_l} < {_trips}, each iteration's values kept for the backward pass");
        writer.OpenBlock($"for (int {_l} = 0; {_l} < {_trips}; {_l}++)");
        WriteBindings(writer, backward: false);
        foreach (var check in _body.IndexChecks)
        {
            writer.WriteLine($"{CSharp.Kernels}IndexCheck.InRange({_body.Buffers[check.Buffer].Name}, {_sizes.Of(check.Limit)}, " +
                $"{CSharp.String(check.Parameter)});");
        }
        var steps = new StepEmitter(_body);
        foreach (var step in _body.Steps.Where(s => !s.IsBackward)) steps.Write(writer, step);
        for (int i = 0; i < _loop.SavedScalars.Count; i++)
            writer.WriteLine($"this.{_loop.SavedField}[{SavedAt(i)}] = {_body.Storage[_loop.SavedScalars[i]].Name};");
        writer.CloseBlock();
        if (MayRunZeroTimes)
            writer.WriteLine($"if ({_trips} == 0) {Outer(BodyBufferRole.CarriedIn)}.CopyTo({_outer.Storage[_loop.Forward].Name});");
    }

    public void WriteBackward(SourceWriter writer)
    {
        writer.WriteLine($"// {_outer.Storage[_loop.Backward].Name} = ∂/∂{Carried} back through the loop over {_l}, last iteration first; layer {_l}'s gradients into their slices");
        writer.OpenBlock($"for (int {_l} = {Last}; {_l} >= 0; {_l}--)");
        WriteBindings(writer, backward: true);
        var steps = new StepEmitter(_body);
        foreach (int index in _loop.SizeSteps) steps.Write(writer, _body.Steps[index]);
        for (int i = 0; i < _loop.SavedScalars.Count; i++)
        {
            int id = _loop.SavedScalars[i];
            writer.WriteLine($"{_body.Nodes[id].Element.CSharpName()} {_body.Storage[id].Name} = this.{_loop.SavedField}[{SavedAt(i)}];");
        }
        foreach (var step in _body.Steps.Where(s => s.IsBackward)) steps.Write(writer, step);
        foreach (var shared in _loop.Buffers.Where(b => b.Role == BodyBufferRole.SharedGradient && b.Outer.Length > 0))
        {
            string name = _body.Buffers[shared.Buffer].Name;
            writer.WriteLine($"// {shared.Outer} = Σ over the iterations");
            writer.WriteLine($"if ({_l} == {Last}) {name}.CopyTo({shared.Outer});");
            writer.WriteLine($"else global::System.Numerics.Tensors.TensorPrimitives.Add<{_t}>({shared.Outer}, {name}, {shared.Outer});");
        }
        foreach (var scalar in _loop.ScalarGradients)
        {
            string value = ScalarExpressions.Value(_body, scalar.Value);
            writer.WriteLine($"if ({_l} == {Last}) {scalar.Slot}[0] = {value};");
            writer.WriteLine($"else {scalar.Slot}[0] += {value};");
        }
        writer.CloseBlock();
        if (MayRunZeroTimes)
        {
            writer.OpenBlock($"if ({_trips} == 0)");
            foreach (var scalar in _loop.ScalarGradients) writer.WriteLine($"{scalar.Slot}.Clear();");
            writer.WriteLine($"{Outer(BodyBufferRole.Seed)}.CopyTo({_outer.Storage[_loop.Backward].Name});");
            foreach (var shared in _loop.Buffers.Where(b => b.Role == BodyBufferRole.SharedGradient && b.Outer.Length > 0))
                writer.WriteLine($"{shared.Outer}.Clear();");
            writer.CloseBlock();
        }
    }

    /// <summary>The enclosing span behind the first buffer of <paramref name="role"/>, or the loop's own operand.</summary>
    private string Outer(BodyBufferRole role)
    {
        var buffer = _loop.Buffers.FirstOrDefault(b => b.Role == role);
        if (buffer is not null) return buffer.Outer;
        // The body never reads it: the loop's operand (or, for the seed, its adjoint) by its own name.
        var node = role == BodyBufferRole.Seed ? _outer.Nodes[_loop.Backward].Input(0) : _outer.Nodes[_loop.Forward].Input(0);
        return _outer.Storage[node].Name;
    }

    /// <summary>Where the iteration keeps its saved scalar <paramref name="index"/>.</summary>
    private string SavedAt(int index) => $"{Offset(_loop.SavedScalars.Count.ToString(CultureInfo.InvariantCulture))} + {index}";

    /// <summary><paramref name="size"/> elements into the per-iteration storage, at the counter.</summary>
    private string Offset(string size, string? index = null) => $"{index ?? _l} * {Parenthesized(size)}";

    private static string Parenthesized(string size) => size.Contains(' ') ? "(" + size + ")" : size;

    private void WriteBindings(SourceWriter writer, bool backward)
    {
        foreach (var binding in _loop.Buffers)
        {
            var buffer = _body.Buffers[binding.Buffer];
            string name = buffer.Name;
            string size = _sizes.Of(binding.Size);
            string span = CSharp.Span(buffer.Element);
            string readOnly = CSharp.ReadOnlySpan(buffer.Element);
            string Slice(string of, string? index = null) => $"{of}.Slice({Offset(size, index)}, {size})";
            string Field(string field, string? index = null) => $"new {span}(this.{field}, {Offset(size, index)}, {size})";
            string Whole(string field) => $"new {span}(this.{field})";
            switch (binding.Role)
            {
                case BodyBufferRole.CarriedIn:
                    writer.WriteLine($"{readOnly} {name} = {_l} == 0 ? {binding.Outer} : {Field(binding.Field, $"({_l} - 1)")};");
                    break;
                case BodyBufferRole.LayerIn:
                    writer.WriteLine($"{readOnly} {name} = {Slice(binding.Outer)};");
                    break;
                case BodyBufferRole.Result:
                    writer.WriteLine($"{span} {name} = {_l} == {Last} ? {binding.Outer} : {Field(binding.Field)};");
                    break;
                case BodyBufferRole.Workspace:
                    writer.WriteLine($"{span} {name} = this.{binding.Field};");
                    break;
                case BodyBufferRole.LayerWorkspace:
                    writer.WriteLine($"{span} {name} = {Field(binding.Field)};");
                    break;
                case BodyBufferRole.Seed when backward:
                    writer.WriteLine($"{readOnly} {name} = {_l} == {Last} ? {binding.Outer} : ({_l} + 1) % 2 == 0 ? {Whole(_loop.GradientA)} : {Whole(_loop.GradientB)};");
                    break;
                case BodyBufferRole.CarriedGradient when backward:
                    writer.WriteLine($"{span} {name} = {_l} == 0 ? {binding.Outer} : {_l} % 2 == 0 ? {Whole(_loop.GradientA)} : {Whole(_loop.GradientB)};");
                    break;
                case BodyBufferRole.LayerGradient when backward:
                    writer.WriteLine(binding.Outer.Length > 0 ? $"{span} {name} = {Slice(binding.Outer)};" : $"{span} {name} = this.{binding.Field};");
                    break;
                case BodyBufferRole.SharedGradient when backward:
                    writer.WriteLine($"{span} {name} = this.{binding.Field};");
                    break;
            }
        }
    }

    /// <summary>The gradients class's fields for this loop, each with the size it is allocated with.</summary>
    public IEnumerable<(string Field, ElementType Element, string Size)> Fields()
    {
        var element = _outer.Method.Element;
        yield return (_loop.States, element, $"{Parenthesized(_trips)} * {Parenthesized(CarriedSize)}");
        if (_loop.Backward >= 0)
        {
            yield return (_loop.GradientA, element, CarriedSize);
            yield return (_loop.GradientB, element, CarriedSize);
        }
        var seen = new HashSet<string>();
        foreach (var binding in _loop.Buffers)
        {
            var buffer = _body.Buffers[binding.Buffer];
            string size = _sizes.Of(binding.Size);
            switch (binding.Role)
            {
                case BodyBufferRole.Workspace or BodyBufferRole.SharedGradient when seen.Add(binding.Field):
                    yield return (binding.Field, buffer.Element, size);
                    break;
                case BodyBufferRole.LayerGradient when binding.Outer.Length == 0 && seen.Add(binding.Field):
                    yield return (binding.Field, buffer.Element, size);
                    break;
                case BodyBufferRole.LayerWorkspace when seen.Add(binding.Field):
                    yield return (binding.Field, buffer.Element, $"{Parenthesized(_trips)} * {Parenthesized(size)}");
                    break;
            }
        }
        if (_loop.SavedField.Length > 0)
            yield return (_loop.SavedField, element, $"{Parenthesized(_trips)} * {_loop.SavedScalars.Count.ToString(CultureInfo.InvariantCulture)}");
    }
}
