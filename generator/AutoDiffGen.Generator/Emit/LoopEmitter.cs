using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Emits a fused loop: a <c>ref struct</c> body with one generic <c>Compute&lt;TSimd&gt;</c> that the runtime's
/// <c>FusedLoop</c> driver runs at every SIMD width and on the scalar tail, and the statements that run it.
/// </summary>
internal sealed class LoopEmitter
{
    private readonly ComputePlan _plan;
    private readonly LoopPlan _loop;
    private readonly string _t;
    private readonly Dictionary<int, LoopOperand> _operands;
    private readonly HashSet<string> _symbols;
    private readonly Dictionary<int, string> _offsets;
    private readonly Dictionary<int, string> _aliases = new();
    private readonly SizeText _sizes;

    public LoopEmitter(ComputePlan plan, LoopPlan loop)
    {
        _plan = plan;
        _loop = loop;
        _t = plan.Method.Element.CSharpName();
        _operands = new Dictionary<int, LoopOperand>();
        foreach (var operand in loop.Operands) _operands[operand.Value] = operand;
        _sizes = new SizeText(plan);
        _symbols = new HashSet<string>(loop.Outer.Concat(new[] { loop.Inner }).Concat(loop.Operands.SelectMany(o => o.OuterStrides))
            .SelectMany(d => d.Symbols).Select(_sizes.Local));
        _offsets = AssignOffsets();
    }

    private string Name(int value) => _plan.Storage[value].Name;

    /// <summary>The public field a tensor operand's first element is bound to.</summary>
    private string RefField(int value)
    {
        string field = CSharp.Pascal(Name(value));
        return _symbols.Contains(field) || field is "BeginRow" or "Compute" or "EndRow" ? field + "Data" : field;
    }

    /// <summary>
    /// The field holding an operand's offset at the current row, shared by operands that advance alike; empty for
    /// operands that stay put (broadcast along every outer axis).
    /// </summary>
    private string Offset(LoopOperand operand) => _offsets.TryGetValue(operand.Value, out string? field) ? field : string.Empty;

    private static bool IsFixed(LoopOperand operand) => operand.OuterStrides.All(s => s.IsConstant && s.Factor == 0);

    private Dictionary<int, string> AssignOffsets()
    {
        var moving = _loop.Operands.Where(o => !IsFixed(o) && o.Role != OperandRole.ScalarInput && o.Role != OperandRole.Total).ToList();
        var patterns = moving.Select(o => o.OuterStrides).Distinct().ToList();
        var fields = new Dictionary<int, string>();
        foreach (var operand in moving)
        {
            fields[operand.Value] = patterns.Count == 1
                ? "_offset"
                : "_" + Name(moving.First(o => o.OuterStrides.Equals(operand.OuterStrides)).Value) + "Offset";
        }
        return fields;
    }

    private string At(LoopOperand operand, string index)
    {
        string offset = Offset(operand);
        if (offset.Length == 0) return index;
        return index == "0" ? offset : $"{offset} + {index}";
    }

    /// <summary>The statements that build the body and run it.</summary>
    public void WriteCall(SourceWriter writer)
    {
        writer.WriteLine($"// {_loop.Summary}");
        string local = CSharp.Camel(_loop.Name);
        writer.OpenBlock($"var {local} = new {_loop.Name}");
        foreach (var operand in _loop.Operands)
        {
            string name = Name(operand.Value);
            switch (operand.Role)
            {
                case OperandRole.ScalarInput:
                    writer.WriteLine($"{RefField(operand.Value)} = {name},");
                    break;
                case OperandRole.Total:
                    break;
                default:
                    writer.WriteLine($"{RefField(operand.Value)} = ref {CSharp.Runtime}TensorData.Start({name}),");
                    break;
            }
        }
        foreach (string symbol in _symbols.OrderBy(s => s, System.StringComparer.Ordinal)) writer.WriteLine($"{symbol} = {symbol},");
        writer.CloseBlock(";");
        string rows = _loop.Outer.Count == 0 ? "1" : string.Join(" * ", _loop.Outer.Select(_sizes.Native));
        // A loop whose elements are all independent may be split between threads; one that sums may not.
        string driver = _loop.Operands.Any(o => o.Role is OperandRole.Accumulate or OperandRole.Total) ? "Run" : "RunParallel";
        writer.WriteLine($"{CSharp.Kernels}FusedLoop.{driver}<{_t}, {_loop.Name}>(ref {local}, rows: {rows}, columns: {_sizes.Native(_loop.Inner)});");
        foreach (var total in _loop.Operands.Where(o => o.Role == OperandRole.Total))
            writer.WriteLine($"{_t} {Name(total.Value)} = {local}.{TotalField(total.Value)};");
    }

    private string TotalField(int value) => CSharp.Pascal(Name(value)) + "Total";

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
                    writer.WriteLine($"public {_t} {RefField(operand.Value)};");
                    break;
                case OperandRole.Total:
                    writer.WriteLine($"public {_t} {TotalField(operand.Value)};");
                    break;
                default:
                    writer.WriteLine($"public ref {_t} {RefField(operand.Value)};");
                    break;
            }
        }
        foreach (string symbol in _symbols.OrderBy(s => s, System.StringComparer.Ordinal)) writer.WriteLine($"public int {symbol};");
        foreach (string offset in _offsets.Values.Distinct()) writer.WriteLine($"private nint {offset};");
        foreach (var operand in _loop.Operands.Where(o => !o.InnerContiguous && o.Role == OperandRole.Input))
            writer.WriteLine($"private {_t} _{Name(operand.Value)}Row;");
        foreach (var operand in _loop.Operands.Where(o => o.Role == OperandRole.Total || (o.Role == OperandRole.Accumulate && !o.InnerContiguous)))
            writer.WriteLine($"private {CSharp.Kernels}RowAccumulator<{_t}> _{Name(operand.Value)}Lanes;");

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
        writer.OpenBlock("public void BeginRow(nint row)");
        var withOffsets = _loop.Operands.Where(o => Offset(o).Length > 0).GroupBy(Offset).Select(g => g.First()).ToList();
        if (_loop.Outer.Count > 1 && withOffsets.Count > 0)
        {
            // Split the row number into one index per outer axis, last axis fastest.
            writer.WriteLine("nint rest = row;");
            for (int axis = _loop.Outer.Count - 1; axis > 0; axis--)
            {
                string extent = _sizes.Native(_loop.Outer[axis]);
                writer.WriteLine($"nint row{axis} = rest % {extent};");
                writer.WriteLine($"rest /= {extent};");
            }
            writer.WriteLine("nint row0 = rest;");
        }
        foreach (var operand in withOffsets)
        {
            var terms = operand.OuterStrides
                .Select((stride, axis) => (stride, axis))
                .Where(s => !(s.stride.IsConstant && s.stride.Factor == 0))
                .Select(s => Term(_loop.Outer.Count == 1 ? "row" : "row" + s.axis, s.stride));
            writer.WriteLine($"{Offset(operand)} = {string.Join(" + ", terms)};");
        }
        foreach (var operand in _loop.Operands.Where(o => !o.InnerContiguous && o.Role == OperandRole.Input))
            writer.WriteLine($"_{Name(operand.Value)}Row = {CSharp.Unsafe}.Add(ref {RefField(operand.Value)}, {At(operand, "0")});");
        writer.CloseBlock();
    }

    private string Term(string index, Dim stride) => stride.IsOne ? index : $"{index} * {_sizes.Native(stride)}";

    private void WriteCompute(SourceWriter writer)
    {
        // Inlined into every register width of the driver's loop: left to the JIT's heuristics, a body of a few
        // operations can stay a call per register.
        writer.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        writer.OpenBlock($"public void Compute<TSimd>(nint i) where TSimd : struct, {CSharp.Kernels}ISimd<TSimd, {_t}>");
        var members = new HashSet<int>(_loop.Body);

        // Operands used as a vector in the body: loads, and splats of scalars.
        foreach (var operand in _loop.Operands)
        {
            string name = Name(operand.Value);
            switch (operand.Role)
            {
                case OperandRole.Input when operand.InnerContiguous:
                    writer.WriteLine($"var {name} = TSimd.Load(ref {RefField(operand.Value)}, {At(operand, "i")});");
                    break;
                case OperandRole.Input:
                    writer.WriteLine($"var {name} = TSimd.Splat(_{name}Row);");
                    break;
                case OperandRole.ScalarInput when _loop.Body.Any(m => UsesAsVector(m, operand.Value)):
                    writer.WriteLine($"var {name} = TSimd.Splat({RefField(operand.Value)});");
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
                value = VectorName(member);
                writer.WriteLine($"var {value} = {VectorExpression(node)};");
            }
            if (!_operands.TryGetValue(member, out var output)) continue;
            switch (output.Role)
            {
                case OperandRole.Store:
                    writer.WriteLine($"TSimd.Store({value}, ref {RefField(member)}, {At(output, "i")});");
                    break;
                case OperandRole.Accumulate when output.InnerContiguous:
                    string at = At(output, "i");
                    writer.WriteLine($"TSimd.Store(TSimd.Load(ref {RefField(member)}, {at}) + {value}, ref {RefField(member)}, {at});");
                    break;
                default:
                    writer.WriteLine($"_{Name(member)}Lanes.Add({value});");
                    break;
            }
        }
        writer.CloseBlock();
    }

    private void WriteEndRow(SourceWriter writer)
    {
        writer.OpenBlock("public void EndRow(nint row)");
        foreach (var operand in _loop.Operands)
        {
            string name = Name(operand.Value);
            if (operand.Role == OperandRole.Total)
            {
                writer.WriteLine($"{TotalField(operand.Value)} += _{name}Lanes.Total();");
                writer.WriteLine($"_{name}Lanes.Clear();");
            }
            else if (operand.Role == OperandRole.Accumulate && !operand.InnerContiguous)
            {
                writer.WriteLine($"{CSharp.Unsafe}.Add(ref {RefField(operand.Value)}, {At(operand, "0")}) += _{name}Lanes.Total();");
                writer.WriteLine($"_{name}Lanes.Clear();");
            }
        }
        writer.CloseBlock();
    }

    /// <summary>The local a member's per-lane value is held in: its storage name, or a temporary for values that stay in registers.</summary>
    private string VectorName(int member) => Name(member).Length > 0 ? Name(member) : "t" + member;

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
            return $"TSimd.Splat({CSharp.Literal(_plan.Nodes[value].Attributes.Value, _plan.Method.Element)})";
        return _loop.Body.Contains(value) ? VectorName(value) : Name(value);
    }

    private string Scalar(int value)
    {
        var storage = _plan.Storage[value];
        return storage.Kind == StorageKind.Constant
            ? CSharp.Literal(_plan.Nodes[value].Attributes.Value, _plan.Method.Element)
            : RefField(value);
    }

    private string VectorExpression(IrNode node)
    {
        string A() => Operand(node.Input(0));
        string B() => Operand(node.Input(1));
        return node.Kind switch
        {
            OpKind.Add => $"{A()} + {B()}",
            OpKind.Subtract => $"{A()} - {B()}",
            OpKind.Multiply => $"{A()} * {B()}",
            OpKind.Divide => $"{A()} / {B()}",
            OpKind.Negate => $"-{A()}",
            OpKind.Pow => $"TSimd.Pow({A()}, {Scalar(node.Input(1))})",
            OpKind.BroadcastTo or OpKind.Sum or OpKind.SumTo => A(),
            OpKind.Dot => $"{A()} * {B()}",
            OpKind.Exp or OpKind.Log or OpKind.Tanh or OpKind.Sigmoid or OpKind.Relu or OpKind.Sqrt or OpKind.Abs
                or OpKind.Square or OpKind.Sin or OpKind.Cos or OpKind.Step or OpKind.Sign => $"TSimd.{node.Kind}({A()})",
            _ => throw new System.InvalidOperationException($"{node.Kind} cannot be computed in a fused loop"),
        };
    }
}
