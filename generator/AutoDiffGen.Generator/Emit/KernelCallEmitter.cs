using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Emits the call to the runtime kernel that computes a neural-network node, with a comment giving its math.</summary>
internal sealed class KernelCallEmitter
{
    private readonly ComputePlan _plan;
    private readonly string _t;
    private readonly SizeText _sizes;

    public KernelCallEmitter(ComputePlan plan)
    {
        _plan = plan;
        _sizes = new SizeText(plan);
        _t = plan.Method.Element.CSharpName();
    }

    private string Name(int value) => _plan.Storage[value].Name;

    /// <summary>The span a kernel writes extra result <paramref name="slot"/> to, or an empty span to skip it.</summary>
    private string Slot(IrNode kernel, int slot)
    {
        var plan = _plan.Slots.Single(s => s.Kernel == kernel.Id && s.Slot == slot);
        return plan.Buffer >= 0 ? _plan.Buffers[plan.Buffer].Name : "default";
    }

    /// <summary><c>outer, length, inner</c> of <paramref name="shape"/> around <paramref name="axis"/>.</summary>
    private string Layout(Shape shape, int axis)
    {
        var outer = shape.Dims.Take(axis).Aggregate(Dim.One, (p, d) => p.Times(d));
        var inner = shape.Dims.Skip(axis + 1).Aggregate(Dim.One, (p, d) => p.Times(d));
        return $"outer: {_sizes.Of(outer)}, length: {_sizes.Of(shape[axis])}, inner: {_sizes.Of(inner)}";
    }

    /// <summary>A narrow's run along its axis of <paramref name="whole"/>, as <see cref="Layout"/> plus where it starts and how long it is.</summary>
    /// <summary>A narrow's run for a comment: "4*D to 8*D", or "S to S + L" when the end is no single size.</summary>
    private static string Positions(OpAttributes attributes)
        => $"{attributes.Start} to {attributes.Start!.Plus(attributes.Length!)?.ToString() ?? $"{attributes.Start} + {attributes.Length}"}";

    private string Run(Shape whole, int axis, Dim start, Dim length)
    {
        var outer = whole.Dims.Take(axis).Aggregate(Dim.One, (p, d) => p.Times(d));
        var inner = whole.Dims.Skip(axis + 1).Aggregate(Dim.One, (p, d) => p.Times(d));
        return $"outer: {_sizes.Of(outer)}, axisLength: {_sizes.Of(whole[axis])}, inner: {_sizes.Of(inner)}, " +
            $"start: {_sizes.Of(start)}, length: {_sizes.Of(length)}";
    }

    private static int Axis(IrNode node, Shape input)
    {
        int axis = node.Attributes.Axis ?? 0;
        return axis < 0 ? axis + input.Rank : axis;
    }

    public void Write(SourceWriter writer, IrNode node)
    {
        string In(int i) => Name(node.Input(i));
        var x = _plan.Nodes[node.Input(0)].Shape;
        string y = Name(node.Id);
        string kernels = CSharp.Kernels;
        switch (node.Kind)
        {
            case OpKind.Max:
                writer.WriteLine($"// {y} = max of {In(0)} along axis {Axis(node, x)}; {Slot(node, 1)} = where");
                writer.WriteLine($"{kernels}MaxKernel.Forward<{_t}>({In(0)}, {y}, {Slot(node, 1)}, {Layout(x, Axis(node, x))});");
                break;
            case OpKind.MaxBackward:
                writer.WriteLine($"// {y} = {In(0)} routed to the first arg-max along axis {Axis(node, node.Shape)}");
                writer.WriteLine($"{kernels}MaxKernel.Backward<{_t}>({In(0)}, {In(1)}, {y}, {Layout(node.Shape, Axis(node, node.Shape))});");
                break;
            case OpKind.Narrow:
                writer.WriteLine($"// {y} = {In(0)} at positions {Positions(node.Attributes)} along axis {Axis(node, x)}");
                writer.WriteLine($"{kernels}NarrowKernel.Narrow<{_t}>({In(0)}, {y}, {Run(x, Axis(node, x), node.Attributes.Start!, node.Attributes.Length!)});");
                break;
            case OpKind.NarrowBackward:
                writer.WriteLine($"// {y} = {In(0)} at positions {Positions(node.Attributes)} along axis {Axis(node, node.Shape)}, 0 elsewhere");
                writer.WriteLine($"{kernels}NarrowKernel.Place<{_t}>({In(0)}, {y}, {Run(node.Shape, Axis(node, node.Shape), node.Attributes.Start!, node.Attributes.Length!)}, clearRest: true);");
                break;
            case OpKind.Concat:
            {
                int axis = Axis(node, node.Shape);
                writer.WriteLine($"// {y} = {string.Join(", ", node.Inputs.Select(Name))} joined along axis {axis}");
                var start = Dim.Constant(0);
                foreach (int part in node.Inputs)
                {
                    var length = _plan.Nodes[part].Shape[axis];
                    writer.WriteLine($"{kernels}NarrowKernel.Place<{_t}>({Name(part)}, {y}, {Run(node.Shape, axis, start, length)}, clearRest: false);");
                    start = start.Plus(length)!;
                }
                break;
            }
            case OpKind.Softmax when node.Attributes.Causal:
                writer.WriteLine($"// {y} = causal softmax({In(0)}): row i of each [{x[x.Rank - 1]}, {x[x.Rank - 1]}] matrix over its first i + 1 entries, max-subtracted");
                writer.WriteLine($"{kernels}SoftmaxKernel.CausalSoftmax<{_t}>({In(0)}, {y}, matrices: {_sizes.Of(MatMulLayout.BatchCount(x))}, size: {_sizes.Of(x[x.Rank - 1])});");
                break;
            case OpKind.Softmax or OpKind.LogSoftmax:
                writer.WriteLine($"// {y} = {(node.Kind == OpKind.Softmax ? "softmax" : "log_softmax")}({In(0)}) along axis {Axis(node, x)}, max-subtracted");
                writer.WriteLine($"{kernels}SoftmaxKernel.{node.Kind}<{_t}>({In(0)}, {y}, {Layout(x, Axis(node, x))});");
                break;
            case OpKind.LogSumExp:
                writer.WriteLine($"// {y} = log Σ exp({In(0)}) along axis {Axis(node, x)}, max-subtracted");
                writer.WriteLine($"{kernels}SoftmaxKernel.LogSumExp<{_t}>({In(0)}, {y}, {Layout(x, Axis(node, x))});");
                break;
            case OpKind.Embedding:
                writer.WriteLine($"// {y} = rows of {In(0)} at {In(1)}");
                writer.WriteLine($"{kernels}GatherKernel.Embedding<{_t}>({In(0)}, {In(1)}, {y}, tableRows: {_sizes.Of(x[0])}, width: {_sizes.Of(x[1])});");
                break;
            case OpKind.EmbeddingBackward:
                writer.WriteLine($"// {y} = rows of {In(0)} scatter-added at {In(1)}");
                writer.WriteLine($"{kernels}GatherKernel.EmbeddingBackward<{_t}>({In(0)}, {In(1)}, {y}, tableRows: {_sizes.Of(node.Shape[0])}, width: {_sizes.Of(node.Shape[1])});");
                break;
            case OpKind.Pick:
                writer.WriteLine($"// {y}[i] = {In(0)}[i, {In(1)}[i]]");
                writer.WriteLine($"{kernels}GatherKernel.Pick<{_t}>({In(0)}, {In(1)}, {y}, count: {_sizes.Of(x[0])}, classes: {_sizes.Of(x[1])});");
                break;
            case OpKind.PickBackward:
                writer.WriteLine($"// {y} = zeros with {y}[i, {In(1)}[i]] = {In(0)}[i]");
                writer.WriteLine($"{kernels}GatherKernel.PickBackward<{_t}>({In(0)}, {In(1)}, {y}, count: {_sizes.Of(node.Shape[0])}, classes: {_sizes.Of(node.Shape[1])});");
                break;
            case OpKind.CrossEntropy:
                writer.WriteLine($"// {y} = mean over rows of log Σ exp({In(0)}) − {In(0)}[i, {In(1)}[i]]; {Slot(node, 1)} keeps each row's log Σ exp");
                writer.WriteLine($"{_t} {y} = {kernels}CrossEntropyKernel.Forward<{_t}>({In(0)}, {In(1)}, {Slot(node, 1)}, count: {_sizes.Of(x[0])}, classes: {_sizes.Of(x[1])});");
                break;
            case OpKind.CrossEntropyBackward:
                writer.WriteLine($"// {y} = {Scalar(node.Input(3))} · (softmax({In(0)}) − onehot({In(1)})) / n, one pass per row");
                writer.WriteLine($"{kernels}CrossEntropyKernel.Backward<{_t}>({In(0)}, {In(1)}, {In(2)}, {Scalar(node.Input(3))}, {y}, count: {_sizes.Of(x[0])}, classes: {_sizes.Of(x[1])});");
                break;
            case OpKind.Attention:
                writer.WriteLine($"// {y} = softmax({ScaleText(node)} · {In(0)}·{In(1)}ᵀ{(node.Attributes.Causal ? ", causal" : "")})·{In(2)}; {Slot(node, 1)} keeps each query row's log Σ exp");
                writer.WriteLine($"{kernels}AttentionKernel.Forward<{_t}>({In(0)}, {In(1)}, {In(2)}, {y}, {Slot(node, 1)}, {AttentionSizes(node)});");
                break;
            case OpKind.AttentionBackward:
                writer.WriteLine($"// {y}, {Slot(node, 1)}, {Slot(node, 2)} = dq, dk, dv of attention, its weights recomputed from {In(4)}");
                writer.WriteLine($"{kernels}AttentionKernel.Backward<{_t}>({In(1)}, {In(2)}, {In(3)}, {In(4)}, {In(0)}, {y}, {Slot(node, 1)}, {Slot(node, 2)}, {AttentionSizes(node)});");
                break;
            case OpKind.BatchNorm or OpKind.LayerNorm:
            {
                string kernel = node.Kind == OpKind.BatchNorm ? "BatchNormKernel" : "LayerNormKernel";
                var (rows, features) = Rows(x);
                string correction = node.Kind == OpKind.BatchNorm ? $", correction: {node.Attributes.Correction}" : string.Empty;
                writer.WriteLine($"// {y} = {In(1)} ⊙ x̂ + {In(2)}, x̂ = ({In(0)} − mean) / √(var + ε) {(node.Kind == OpKind.BatchNorm ? "over the batch" : "over each row")}; keeps x̂ and 1/σ");
                writer.WriteLine($"{kernels}{kernel}.Forward<{_t}>({In(0)}, {In(1)}, {In(2)}, {y}, {Slot(node, 1)}, {Slot(node, 2)}, {rows}, {features}, " +
                    $"epsilon: {CSharp.Literal(node.Attributes.Epsilon, _plan.Method.Element)}{correction});");
                break;
            }
            case OpKind.BatchNormBackward or OpKind.LayerNormBackward:
            {
                string kernel = node.Kind == OpKind.BatchNormBackward ? "BatchNormKernel" : "LayerNormKernel";
                var (rows, features) = Rows(node.Shape);
                string correction = node.Kind == OpKind.BatchNormBackward ? $", correction: {node.Attributes.Correction}" : string.Empty;
                writer.WriteLine($"// {y} by the closed form from {In(0)}, x̂ and 1/σ; also Σ {In(0)} ⊙ x̂ for the gain and Σ {In(0)} for the bias");
                writer.WriteLine($"{kernels}{kernel}.Backward<{_t}>({In(0)}, {In(1)}, {In(2)}, {In(3)}, {y}, {Slot(node, 1)}, {Slot(node, 2)}, {rows}, {features}{correction});");
                break;
            }
            default:
                throw new System.InvalidOperationException($"{node.Kind} is not a kernel");
        }
    }

    /// <summary>An attention node's query, key and value inputs: its own for the forward node, after G for the backward one.</summary>
    private (Shape Query, Shape Key, Shape Value) AttentionShapes(IrNode node)
    {
        int first = node.Kind == OpKind.Attention ? 0 : 1;
        return (_plan.Nodes[node.Input(first)].Shape, _plan.Nodes[node.Input(first + 1)].Shape, _plan.Nodes[node.Input(first + 2)].Shape);
    }

    /// <summary>The scale of the scores: the one given, or 1/√d.</summary>
    private string Scale(IrNode node)
    {
        if (node.Attributes.Scale is double scale) return CSharp.Literal(scale, _plan.Method.Element);
        var query = AttentionShapes(node).Query;
        return $"({_t})(1 / global::System.Math.Sqrt({_sizes.Of(query[query.Rank - 1])}))";
    }

    /// <summary>The scale as a comment reads it: the value given, or 1/√d.</summary>
    private string ScaleText(IrNode node)
    {
        if (node.Attributes.Scale is double scale) return scale.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var query = AttentionShapes(node).Query;
        return $"1/√{query[query.Rank - 1]}";
    }

    /// <summary>The sizes and flags both attention kernels take.</summary>
    private string AttentionSizes(IrNode node)
    {
        var (query, key, value) = AttentionShapes(node);
        return $"batch: {_sizes.Of(MatMulLayout.BatchCount(query))}, queries: {_sizes.Of(query[query.Rank - 2])}, keys: {_sizes.Of(key[key.Rank - 2])}, " +
            $"depth: {_sizes.Of(query[query.Rank - 1])}, valueDepth: {_sizes.Of(value[value.Rank - 1])}, scale: {Scale(node)}, causal: {(node.Attributes.Causal ? "true" : "false")}";
    }

    /// <summary>Rows and features of a tensor normalized along its last axis.</summary>
    private (string Rows, string Features) Rows(Shape shape)
    {
        return (_sizes.Of(shape.Rows), _sizes.Of(shape[shape.Rank - 1]));
    }

    private string Scalar(int value)
        => _plan.Storage[value].Kind == StorageKind.Constant
            ? CSharp.Literal(_plan.Nodes[value].Attributes.Value, _plan.Nodes[value].Element)
            : Name(value);
}
