using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>
/// The Shapes stage: gives every node its symbolic shape, checks that parameter symbols can be bound, and reports
/// shape errors on the exact expression, in the user's symbols.
/// </summary>
internal static class ShapeInference
{
    public static MethodIr Run(MethodIr method)
    {
        if (method.HasErrors) return method;
        try
        {
            return Infer(method);
        }
        catch (System.Exception exception)
        {
            var diagnostics = method.Diagnostics.ToList();
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError.Id, 0, method.Name, InternalError.Describe(exception)));
            return method with { Diagnostics = diagnostics.ToEquatableArray() };
        }
    }

    /// <summary>
    /// A loop's body, whose parameters have the shapes the loop gives them: its symbols are the enclosing method's,
    /// bound there.
    /// </summary>
    internal static MethodIr Body(MethodIr body) => Infer(body, bindsSymbols: false);

    private static MethodIr Infer(MethodIr method, bool bindsSymbols = true)
    {
        var diagnostics = method.Diagnostics.ToList();
        if (bindsSymbols)
        {
            SymbolBinding.Plan(method.Parameters, out var unbound);
            foreach (var (symbol, parameter) in unbound)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnboundSymbol.Id, parameter.SpanId, symbol, parameter.Name));
        }

        // A shape error makes its node's shape a guess: what depends on it reports nothing more, so one mistake is
        // one diagnostic, not a cascade.
        var nodes = method.Nodes.ToArray();
        var failed = new bool[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            bool downstream = node.Inputs.Any(input => input >= 0 && input < i && failed[input]);
            var sink = downstream ? new List<DiagnosticInfo>() : diagnostics;
            int reported = sink.Count;
            nodes[i] = node.Kind switch
            {
                OpKind.Reshape => ReshapeShapes.Resolve(node, nodes, sink),
                OpKind.Permute => PermuteShapes.Resolve(node, nodes, sink),
                OpKind.Narrow => NarrowShapes.Resolve(node, nodes, sink),
                OpKind.Concat => node with { Shape = NarrowShapes.Concat(node, nodes, sink) },
                OpKind.Loop => LoopShapes.Resolve(node, nodes, sink),
                _ => node with { Shape = Infer(node, nodes, sink) },
            };
            failed[i] = downstream || sink.Count > reported;
        }
        // Nodes that share a span (an inlined call's, a Chunk's parts) can find the same fault: it is reported once.
        return method with { Nodes = nodes.ToEquatableArray(), Diagnostics = diagnostics.Distinct().ToEquatableArray() };
    }

    private static Shape Infer(IrNode node, IrNode[] nodes, List<DiagnosticInfo> diagnostics)
    {
        Shape InputShape(int index) => nodes[node.Input(index)].Shape;
        string Operand(int index) => node.OperandDisplay(index, nodes);
        var report = new ShapeReporter(node, diagnostics);

        switch (node.Kind)
        {
            case OpKind.Parameter:
                return node.Shape;

            case OpKind.Add or OpKind.Subtract or OpKind.Multiply or OpKind.Divide when node.IsTensor:
            {
                var left = InputShape(0);
                var right = InputShape(1);
                if (node.Attributes.SameShapeFor.Length > 0 && !left.Equals(right))
                {
                    // The runtime op does not broadcast: a − b here is the call's, not an operator's.
                    report.Report(DiagnosticDescriptors.OperandShapeMismatch, node.Attributes.SameShapeFor, Operand(1), $"{left}, the shape of '{Operand(0)}'", right.ToString());
                    return left;
                }
                var result = Broadcasting.TryBroadcast(left, right, out var conflict);
                if (result is null)
                {
                    report.Report(DiagnosticDescriptors.BroadcastMismatch, Operand(0), left.ToString(), Operand(1), right.ToString(),
                        $"{conflict.Left} and {conflict.Right} are neither equal nor 1");
                    return left;
                }
                if (node.Attributes.InBox.Length > 0 && nodes[node.Input(0)].IsTensor && nodes[node.Input(1)].IsTensor && !left.Equals(right))
                {
                    bool isOperator = node.Attributes.InBox == "operator";
                    report.Report(DiagnosticDescriptors.InBoxBroadcast, node.Display, isOperator ? "operator" : node.Attributes.InBox,
                        left.ToString(), right.ToString(), isOperator
                            ? "add 'using AutoDiffGen;' so AutoDiffGen's broadcasting operators apply"
                            : "write the operator instead, with 'using AutoDiffGen;' in scope");
                }
                if (node.Attributes.InPlace && !result.Equals(left))
                    report.Report(DiagnosticDescriptors.InPlaceShapeChange, node.Display, Operand(0), left.ToString(), result.ToString());
                return result;
            }

            case OpKind.Maximum or OpKind.Minimum or OpKind.GreaterThan or OpKind.GreaterThanOrEqual or OpKind.LessThan
                or OpKind.LessThanOrEqual or OpKind.Where or OpKind.Clamp when node.IsTensor:
                return Selection(node, nodes, report);

            case OpKind.Sum or OpKind.Max or OpKind.LogSumExp:
            {
                var input = InputShape(0);
                if (node.Attributes.Axis is not int requested) return Shape.Scalar;
                return AxisShapes.Normalize(requested, input, Operand(0), report) is int axis
                    ? AxisShapes.Reduce(input, axis, node.Attributes.KeepDims)
                    : input;
            }

            case OpKind.Softmax or OpKind.LogSoftmax:
            {
                var shape = InputShape(0);
                var axis = AxisShapes.Normalize(node.Attributes.Axis ?? 0, shape, Operand(0), report);
                bool square = shape.Rank >= 2 && shape[shape.Rank - 1].Equals(shape[shape.Rank - 2]);
                if (node.Attributes.Causal && axis is not null && (!square || axis != shape.Rank - 1))
                {
                    var size = shape.Rank >= 1 ? shape[shape.Rank - 1].ToString() : "T";
                    report.Mismatch("Softmax(causal: true)", Operand(0),
                        $"[..., {size}, {size}], square in its last two axes, and normalized along the last (axis -1)", shape);
                }
                return shape;
            }

            case OpKind.MatMul:
                return MatMul(InputShape(0), InputShape(1), Operand(0), Operand(1), report,
                    ParameterName(nodes[node.Input(0)]), ParameterName(nodes[node.Input(1)]));

            case OpKind.Dot:
            {
                var left = InputShape(0);
                var right = InputShape(1);
                if (left.Rank != 1 || right.Rank != 1)
                {
                    var (name, shape) = left.Rank != 1 ? (Operand(0), left) : (Operand(1), right);
                    report.Rank("Dot", "two 1-D tensors", name, shape);
                }
                else if (!left[0].Equals(right[0]))
                {
                    report.Report(DiagnosticDescriptors.MatMulMismatch, "Dot", Operand(0), left.ToString(), Operand(1), right.ToString(),
                        left[0].ToString(), right[0].ToString(), string.Empty);
                }
                return Shape.Scalar;
            }

            case OpKind.Transpose:
            {
                var input = InputShape(0);
                if (input.Rank != 2)
                {
                    report.Rank("Transpose", "a 2-D tensor", Operand(0), input);
                    return input;
                }
                return Shape.Of(new[] { input[1], input[0] });
            }

            case OpKind.Embedding:
                return NetworkShapes.Embedding(InputShape(0), InputShape(1), Operand(0), report);

            case OpKind.Pick:
                return NetworkShapes.Rows("Pick", InputShape(0), InputShape(1), Operand(0), Operand(1), report);

            case OpKind.CrossEntropy:
                NetworkShapes.Rows("CrossEntropy", InputShape(0), InputShape(1), Operand(0), Operand(1), report);
                return Shape.Scalar;

            case OpKind.Attention:
                return NetworkShapes.Attention(InputShape(0), InputShape(1), InputShape(2), Operand(0), Operand(1), Operand(2), report);

            case OpKind.BatchNorm or OpKind.LayerNorm:
                return NetworkShapes.Normalization(node, InputShape(0), InputShape(1), InputShape(2), report);

            case OpKind.ShapeQuery when node.Attributes.Query == ShapeQueryKind.Length:
            {
                // x.Lengths[i] indexes a span: a negative or too-large index would throw in the method itself.
                var input = InputShape(0);
                int axis = node.Attributes.Axis ?? 0;
                if (axis < 0 || axis >= input.Rank) report.AxisOutOfRange(axis, Operand(0), input);
                return Shape.Scalar;
            }

            case OpKind.Pow:
            case var unary when Ops.UnaryOps.Contains(unary):
                return node.IsTensor ? InputShape(0) : Shape.Scalar;

            default:
                // Scalars (constants, sizes, conversions, scalar arithmetic) and placeholders.
                return node.IsTensor ? node.Shape : Shape.Scalar;
        }
    }

    /// <summary>
    /// The broadcast shape of a selection's operands, reported pairwise at the first that does not fit; a masked fill
    /// keeps its tensor's shape, so its mask must broadcast to that shape.
    /// </summary>
    private static Shape Selection(IrNode node, IrNode[] nodes, ShapeReporter report)
    {
        Shape ShapeOf(int i) => nodes[node.Input(i)].Shape;
        var result = ShapeOf(0);
        for (int i = 1; i < node.Inputs.Count; i++)
        {
            var next = Broadcasting.TryBroadcast(result, ShapeOf(i), out _);
            if (next is null)
            {
                // Named by the earlier operand the length came from, not by the broadcast of all of them.
                int j = Enumerable.Range(0, i).Where(j => Broadcasting.TryBroadcast(ShapeOf(j), ShapeOf(i), out _) is null).DefaultIfEmpty(-1).First();
                var earlier = j >= 0 ? ShapeOf(j) : result;
                Broadcasting.TryBroadcast(earlier, ShapeOf(i), out var conflict);
                report.Report(DiagnosticDescriptors.BroadcastMismatch, node.OperandDisplay(System.Math.Max(j, 0), nodes), earlier.ToString(),
                    node.OperandDisplay(i, nodes), ShapeOf(i).ToString(), $"{conflict.Left} and {conflict.Right} are neither equal nor 1");
                return result;
            }
            result = next;
        }
        if (node.Attributes.FillsInto && !result.Equals(ShapeOf(2)))
            report.Mismatch("MaskedFill", node.OperandDisplay(0, nodes), $"a shape that broadcasts to {ShapeOf(2)}, the shape of '{node.OperandDisplay(2, nodes)}'", ShapeOf(0));
        return result;
    }

    /// <summary>The operand without a trailing <c>.Transpose()</c>, or null when it has none: the hint then drops it rather than adding another.</summary>
    private static string? Untransposed(string operand)
        => operand.EndsWith(".Transpose()", System.StringComparison.Ordinal) ? operand.Substring(0, operand.Length - ".Transpose()".Length) : null;

    /// <summary>The parameter's own name when the node is one (in an inlined call, its operand may be spelled otherwise), else null.</summary>
    private static string? ParameterName(IrNode node) => node.Kind == OpKind.Parameter ? node.Name : null;

    /// <summary>
    /// [m, k]·[k, n], with 1-D operands read as a row (left) or a column (right); [..., m, k]·[k, n], whose
    /// leading axes are rows of one GEMM, so the result is [..., m, n]; and, when the right operand has leading axes
    /// too, a batch of products over the last two axes, the batch axes broadcast as torch.matmul does.
    /// </summary>
    private static Shape MatMul(Shape left, Shape right, string leftName, string rightName, ShapeReporter report,
        string? leftParameter, string? rightParameter)
    {
        if (right.Rank >= 3 && left.Rank >= 2) return BatchedMatMul(left, right, leftName, rightName, report);
        if (left.Rank > 2 && right.Rank < 2)
        {
            report.Rank("MatMul", $"a right operand of two or more axes when the left is {left.Rank}-D", rightName, right);
            return Shape.Of(new[] { Dim.One });
        }
        if (right.Rank >= 3)
        {
            report.Rank("MatMul", $"a left operand of two or more axes when the right is {right.Rank}-D", leftName, left);
            return Shape.Of(new[] { Dim.One });
        }
        if (left.Rank < 1 || right.Rank < 1)
        {
            var (name, shape) = left.Rank < 1 ? (leftName, left) : (rightName, right);
            report.Rank("MatMul", "tensor operands of one or more axes", name, shape);
            return Shape.Of(new[] { Dim.One });
        }

        var k = left[left.Rank - 1];
        var kRight = right[0];
        if (!k.Equals(kRight))
        {
            string hint = string.Empty;
            var fix = EquatableArray<DiagnosticProperty>.Empty;
            if (right.Rank == 2 && k.Equals(right[1]))
            {
                (hint, fix) = Untransposed(rightName) is { } plainRight
                    ? ($"; '{plainRight}' without its transpose would fit: {leftName}.MatMul({plainRight})", TransposeFix(FixProperties.DropTranspose, FixProperties.Right))
                    : ($"; '{rightName}' transposed would fit: {leftName}.MatMul({rightName}.Transpose())", TransposeFix(FixProperties.Transpose, FixProperties.Right));
            }
            else if (left.Rank == 2 && left[0].Equals(kRight))
            {
                (hint, fix) = Untransposed(leftName) is { } plainLeft
                    ? ($"; '{plainLeft}' without its transpose would fit: {plainLeft}.MatMul({rightName})", TransposeFix(FixProperties.DropTranspose, FixProperties.Left))
                    : ($"; '{leftName}' transposed would fit: {leftName}.Transpose().MatMul({rightName})", TransposeFix(FixProperties.Transpose, FixProperties.Left));
            }
            else if (!(k.IsConstant && kRight.IsConstant) && (rightParameter is not null || leftParameter is not null))
            {
                // Two symbols are two dimensions until a [Shape] says otherwise: show the declaration that says so.
                var (name, parameter, declared) = rightParameter is not null
                    ? (rightName, rightParameter, Shape.Of(right.Dims.Select((d, axis) => axis == 0 ? k : d)))
                    : (leftName, leftParameter!, Shape.Of(left.Dims.Select((d, axis) => axis == left.Rank - 1 ? kRight : d)));
                hint = $"; distinct symbols are distinct dimensions: if {k} and {kRight} are one size, declare '{name}' as {declared}";
                fix = Properties(
                    new DiagnosticProperty(FixProperties.Fix, FixProperties.DeclareShape),
                    new DiagnosticProperty(FixProperties.Parameter, parameter),
                    new DiagnosticProperty(FixProperties.Dimensions, string.Join(", ", declared.Dims.Select(d => d.ToString()))));
            }
            report.Report(DiagnosticDescriptors.MatMulMismatch, fix, "MatMul", leftName, left.ToString(), rightName, right.ToString(), k.ToString(), kRight.ToString(), hint);
        }

        var dims = new List<Dim>();
        for (int axis = 0; axis < left.Rank - 1; axis++) dims.Add(left[axis]);
        if (right.Rank == 2) dims.Add(right[1]);
        if (dims.Count == 0) dims.Add(Dim.One);
        return Shape.Of(dims);
    }

    /// <summary>
    /// [..., m, k]·[..., k, n]: one product per matrix of the batch axes (all but the last two), which broadcast as
    /// elementwise shapes do. Each operand has the result's whole batch or none of it (all ones or absent), so each is
    /// one strided run of matrices for the GEMM.
    /// </summary>
    private static Shape BatchedMatMul(Shape left, Shape right, string leftName, string rightName, ShapeReporter report)
    {
        var m = left[left.Rank - 2];
        var k = left[left.Rank - 1];
        var kRight = right[right.Rank - 2];
        var n = right[right.Rank - 1];
        if (!k.Equals(kRight))
        {
            string hint = k.Equals(n)
                ? $"; '{rightName}' with its last two axes swapped would fit: {leftName}.MatMul({rightName}.Transpose({right.Rank - 2}, {right.Rank - 1}))"
                : string.Empty;
            report.Report(DiagnosticDescriptors.MatMulMismatch, "MatMul", leftName, left.ToString(), rightName, right.ToString(), k.ToString(), kRight.ToString(), hint);
        }

        var leftBatch = Shape.Of(left.Dims.Take(left.Rank - 2));
        var rightBatch = Shape.Of(right.Dims.Take(right.Rank - 2));
        var batch = Broadcasting.TryBroadcast(leftBatch, rightBatch, out var conflict);
        if (batch is null)
        {
            report.Report(DiagnosticDescriptors.BroadcastMismatch, leftName, left.ToString(), rightName, right.ToString(),
                $"batch axes {conflict.Left} and {conflict.Right} are neither equal nor 1");
            return Shape.Of(leftBatch.Dims.Concat(new[] { m, n }));
        }

        var whole = MatMulLayout.BatchCount(Shape.Of(batch.Dims.Concat(new[] { m, n })));
        foreach (var (name, shape, operandBatch) in new[] { (leftName, left, leftBatch), (rightName, right, rightBatch) })
        {
            var count = operandBatch.Count;
            if (count.IsOne || count.Equals(whole)) continue;
            var matrix = shape.Dims.Skip(shape.Rank - 2).ToArray();
            report.Mismatch("MatMul", name, $"{Shape.Of(batch.Dims.Concat(matrix))} or {Shape.Of(matrix)} (an operand has all the batch axes or none)", shape);
            break;
        }
        return Shape.Of(batch.Dims.Concat(new[] { m, n }));
    }

    private static EquatableArray<DiagnosticProperty> TransposeFix(string fix, string operand)
        => Properties(new DiagnosticProperty(FixProperties.Fix, fix), new DiagnosticProperty(FixProperties.Operand, operand));

    private static EquatableArray<DiagnosticProperty> Properties(params DiagnosticProperty[] properties) => new(properties);
}
