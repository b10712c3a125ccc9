using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Emits a fused loop: a <c>ref struct</c> body with one generic <c>Compute&lt;TSimd&gt;</c> that the runtime's
/// <c>FusedLoop</c> driver runs at every SIMD width and on the scalar tail, and the statements that run it. Every
/// identifier it declares comes from the plan's <see cref="LoopNames"/>.
/// </summary>
internal sealed class LoopEmitter
{
    private readonly ComputePlan _plan;
    private readonly LoopPlan _loop;
    private readonly string _t;
    private readonly Dictionary<int, LoopOperand> _operands;
    private readonly Dictionary<int, LoopValueNames> _names;
    private readonly Dictionary<int, string> _aliases = new();
    private readonly SizeText _computeSizes;
    private readonly SizeText _loopSizes;

    public LoopEmitter(ComputePlan plan, LoopPlan loop)
    {
        _plan = plan;
        _loop = loop;
        _t = plan.Method.Element.CSharpName();
        _operands = loop.Operands.ToDictionary(o => o.Value);
        _names = loop.Names.Values.ToDictionary(v => v.Value);
        _computeSizes = new SizeText(plan);
        // Inside the struct a symbol is its field, bound to Compute's local of the same symbol.
        var fields = loop.Names.Symbols.ToDictionary(s => s.Local, s => s.Field);
        _loopSizes = new SizeText(plan, local => fields.TryGetValue(local, out string? field) ? field : local);
    }

    private LoopValueNames Names(int value) => _names[value];

    private string Field(int value) => Names(value).Field;

    private string At(LoopOperand operand, string index)
    {
        string offset = Names(operand.Value).Offset;
        if (offset.Length == 0) return index;
        return index == "0" ? offset : $"{offset} + {index}";
    }

    /// <summary>The statements that build the body and run it.</summary>
    public void WriteCall(SourceWriter writer)
    {
        writer.WriteLine($"// {_loop.Summary}");
        string local = _loop.Local;
        writer.OpenBlock($"var {local} = new {_loop.Name}");
        foreach (var operand in _loop.Operands)
        {
            string name = _plan.Storage[operand.Value].Name;
            switch (operand.Role)
            {
                case OperandRole.ScalarInput:
                    writer.WriteLine($"{Field(operand.Value)} = {name},");
                    break;
                case OperandRole.Total:
                    break;
                default:
                    writer.WriteLine($"{Field(operand.Value)} = ref {CSharp.Runtime}TensorData.Start({name}),");
                    break;
            }
        }
        foreach (var symbol in _loop.Names.Symbols) writer.WriteLine($"{symbol.Field} = {symbol.Local},");
        writer.CloseBlock(";");
        string rows = _loop.Outer.Count == 0 ? "1" : string.Join(" * ", _loop.Outer.Select(_computeSizes.Native));
        // A loop whose elements are all independent may be split between threads; one whose only sums are down the
        // columns (a bias's gradient) by strips of columns, each column still summed in row order; any other sum may not.
        bool sums = _loop.Operands.Any(o => o.Role is OperandRole.Accumulate or OperandRole.Total);
        bool columnSums = _loop.Outer.Count > 0 && _loop.Operands.All(o => o.Role != OperandRole.Total
            && (o.Role != OperandRole.Accumulate || (o.InnerContiguous && o.OuterStrides.All(stride => stride.IsConstant && stride.Factor == 0))));
        string driver = !sums ? "RunParallel" : columnSums ? "RunColumnStrips" : "Run";
        writer.WriteLine($"{CSharp.Kernels}FusedLoop.{driver}<{_t}, {_loop.Name}>(ref {local}, rows: {rows}, columns: {_computeSizes.Native(_loop.Inner)});");
        foreach (var total in _loop.Operands.Where(o => o.Role == OperandRole.Total))
            writer.WriteLine($"{_t} {_plan.Storage[total.Value].Name} = {local}.{Names(total.Value).Total};");
    }

    /// <summary>The body struct.</summary>
    public void WriteBody(SourceWriter writer)
    {
        writer.WriteLine($"/// <summary>{CSharp.Xml(_loop.Summary)}</summary>");
        writer.OpenBlock($"private ref struct {_loop.Name} : {CSharp.Kernels}IFusedLoopBody<{_t}>");

        foreach (var operand in _loop.Operands)
        {
            switch (operand.Role)
            {
                case OperandRole.ScalarInput:
                    writer.WriteLine($"public {_t} {Field(operand.Value)};");
                    break;
                case OperandRole.Total:
                    writer.WriteLine($"public {_t} {Names(operand.Value).Total};");
                    break;
                default:
                    writer.WriteLine($"public ref {_t} {Field(operand.Value)};");
                    break;
            }
        }
        foreach (var symbol in _loop.Names.Symbols) writer.WriteLine($"public int {symbol.Field};");
        foreach (string offset in _loop.Operands.Select(o => Names(o.Value).Offset).Where(o => o.Length > 0).Distinct())
            writer.WriteLine($"private nint {offset};");
        foreach (var operand in _loop.Operands.Where(o => Names(o.Value).Row.Length > 0))
            writer.WriteLine($"private {_t} {Names(operand.Value).Row};");
        foreach (var operand in _loop.Operands.Where(o => Names(o.Value).Lanes.Length > 0))
            writer.WriteLine($"private {CSharp.Kernels}RowAccumulator<{_t}> {Names(operand.Value).Lanes};");

        writer.WriteLine();
        WriteBeginRow(writer);
        writer.WriteLine();
        WriteCompute(writer);
        writer.WriteLine();
        WriteEndRow(writer);
        writer.CloseBlock();
    }

    private void WriteBeginRow(SourceWriter writer)
    {
        writer.OpenBlock($"public void {LoopNames.BeginRow}(nint {LoopNames.Row})");
        var withOffsets = _loop.Operands.Where(o => Names(o.Value).Offset.Length > 0).GroupBy(o => Names(o.Value).Offset).Select(g => g.First()).ToList();
        if (_loop.Outer.Count > 1 && withOffsets.Count > 0)
        {
            // Split the row number into one index per outer axis, last axis fastest.
            writer.WriteLine($"nint {LoopNames.Rest} = {LoopNames.Row};");
            for (int axis = _loop.Outer.Count - 1; axis > 0; axis--)
            {
                // A product in parentheses: % binds as tightly as *, so `rest % D * N` would be (rest % D) * N.
                string extent = _loopSizes.Native(_loop.Outer[axis]);
                if (extent.Contains("*")) extent = "(" + extent + ")";
                writer.WriteLine($"nint {LoopNames.RowAlong(axis)} = {LoopNames.Rest} % {extent};");
                writer.WriteLine($"{LoopNames.Rest} /= {extent};");
            }
            writer.WriteLine($"nint {LoopNames.RowAlong(0)} = {LoopNames.Rest};");
        }
        foreach (var operand in withOffsets)
        {
            var terms = operand.OuterStrides
                .Select((stride, axis) => (stride, axis))
                .Where(s => !(s.stride.IsConstant && s.stride.Factor == 0))
                .Select(s => Term(_loop.Outer.Count == 1 ? LoopNames.Row : LoopNames.RowAlong(s.axis), s.stride));
            writer.WriteLine($"{Names(operand.Value).Offset} = {string.Join(" + ", terms)};");
        }
        foreach (var operand in _loop.Operands.Where(o => Names(o.Value).Row.Length > 0))
            writer.WriteLine($"{Names(operand.Value).Row} = {CSharp.Unsafe}.Add(ref {Field(operand.Value)}, {At(operand, "0")});");
        writer.CloseBlock();
    }

    private string Term(string index, Dim stride) => stride.IsOne ? index : $"{index} * {_loopSizes.Native(stride)}";

    private void WriteCompute(SourceWriter writer)
    {
        // Inlined into every register width of the driver's loop: left to the JIT's heuristics, a body of a few
        // operations can stay a call per register.
        writer.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        string simd = LoopNames.Simd, i = LoopNames.Index;
        writer.OpenBlock($"public void {LoopNames.Compute}<{simd}>(nint {i}) where {simd} : struct, {CSharp.Kernels}ISimd<{simd}, {_t}>");

        // Operands used as a vector in the body: loads, and splats of scalars.
        foreach (var operand in _loop.Operands)
        {
            var names = Names(operand.Value);
            switch (operand.Role)
            {
                case OperandRole.Input when operand.InnerContiguous:
                    writer.WriteLine($"var {names.Local} = {simd}.Load(ref {names.Field}, {At(operand, i)});");
                    break;
                case OperandRole.Input:
                    writer.WriteLine($"var {names.Local} = {simd}.Splat({names.Row});");
                    break;
                case OperandRole.ScalarInput when _loop.Body.Any(m => UsesAsVector(m, operand.Value)):
                    writer.WriteLine($"var {names.Local} = {simd}.Splat({names.Field});");
                    break;
            }
        }

        foreach (int member in _loop.Body)
        {
            var node = _plan.Nodes[member];
            string value;
            if (node.Kind is OpKind.Sum or OpKind.SumTo or OpKind.BroadcastTo)
            {
                // A sum accumulates its input and a broadcast reads it: no new value per lane.
                value = Operand(node.Input(0));
                _aliases[member] = value;
            }
            else
            {
                value = Names(member).Local;
                writer.WriteLine($"var {value} = {VectorExpression(node)};");
            }
            if (!_operands.TryGetValue(member, out var output)) continue;
            switch (output.Role)
            {
                case OperandRole.Store:
                    writer.WriteLine($"{simd}.Store({value}, ref {Field(member)}, {At(output, i)});");
                    break;
                case OperandRole.Accumulate when output.InnerContiguous:
                    string at = At(output, i);
                    writer.WriteLine($"{simd}.Store({simd}.Load(ref {Field(member)}, {at}) + {value}, ref {Field(member)}, {at});");
                    break;
                default:
                    writer.WriteLine($"{Names(member).Lanes}.Add({value});");
                    break;
            }
        }
        writer.CloseBlock();
    }

    private void WriteEndRow(SourceWriter writer)
    {
        writer.OpenBlock($"public void {LoopNames.EndRow}(nint {LoopNames.Row})");
        foreach (var operand in _loop.Operands)
        {
            var names = Names(operand.Value);
            if (operand.Role == OperandRole.Total)
            {
                writer.WriteLine($"{names.Total} += {names.Lanes}.Total();");
                writer.WriteLine($"{names.Lanes}.Clear();");
            }
            else if (operand.Role == OperandRole.Accumulate && !operand.InnerContiguous)
            {
                writer.WriteLine($"{CSharp.Unsafe}.Add(ref {names.Field}, {At(operand, "0")}) += {names.Lanes}.Total();");
                writer.WriteLine($"{names.Lanes}.Clear();");
            }
        }
        writer.CloseBlock();
    }

    private bool UsesAsVector(int member, int value)
    {
        var node = _plan.Nodes[member];
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            if (node.Input(i) == value && !(node.Kind == OpKind.Pow && i == 1)) return true;
        }
        return false;
    }

    private string Operand(int value)
    {
        if (_aliases.TryGetValue(value, out string? alias)) return alias;
        var storage = _plan.Storage[value];
        if (storage.Kind == StorageKind.Constant)
            return $"{LoopNames.Simd}.Splat({CSharp.Literal(_plan.Nodes[value].Attributes.Value, _plan.Method.Element)})";
        return Names(value).Local;
    }

    private string Scalar(int value)
    {
        var storage = _plan.Storage[value];
        return storage.Kind == StorageKind.Constant
            ? CSharp.Literal(_plan.Nodes[value].Attributes.Value, _plan.Method.Element)
            : Field(value);
    }

    private string VectorExpression(IrNode node)
    {
        string A() => Operand(node.Input(0));
        string B() => Operand(node.Input(1));
        string simd = LoopNames.Simd;
        return node.Kind switch
        {
            _ when Ops.BinaryOps.TryGet(node.Kind, out var binary) => binary.Vector(simd, A(), B()),
            OpKind.Negate => $"-{A()}",
            OpKind.Pow => $"{simd}.Pow({A()}, {Scalar(node.Input(1))})",
            OpKind.Where or OpKind.Clamp => $"{simd}.{node.Kind}({A()}, {B()}, {Operand(node.Input(2))})",
            OpKind.BroadcastTo or OpKind.Sum or OpKind.SumTo => A(),
            OpKind.Dot => $"{A()} * {B()}",
            _ when Ops.UnaryOps.Contains(node.Kind) => $"{simd}.{node.Kind}({A()})",
            _ => throw new System.InvalidOperationException($"{node.Kind} cannot be computed in a fused loop"),
        };
    }
}
