using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;
using AutoDiffGen.Generator.Ops;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>One adjoint contribution: to which operand, the node that computes it, and the rule in words.</summary>
internal readonly record struct Contribution(int Operand, int Value, string Rule);

/// <summary>
/// The derivative rules: one per op kind. Given a node and its adjoint <c>g</c>, each rule builds the adjoint
/// contributions of the operands that need one, already summed back to each operand's shape (<c>sum_to</c>) where
/// the op broadcast it. Rules use saved outputs where that is cheaper (tanh: 1 − y², exp: y).
/// </summary>
internal static class RuleTable
{
    public static IReadOnlyList<Contribution> Apply(GraphBuilder b, IrNode node, int g, Func<int, bool> needs)
    {
        var result = new List<Contribution>();
        int y = node.Id;
        int Input(int i) => node.Input(i);
        void Give(int operand, Func<int> adjoint, string rule)
        {
            if (operand < node.Inputs.Count && needs(operand)) result.Add(new Contribution(operand, adjoint(), rule));
        }
        Shape ShapeOf(int operand) => b.ShapeOf(Input(operand));

        switch (node.Kind)
        {
            case OpKind.Pow:
                Give(0, () => b.Multiply(g, b.Multiply(Input(1), PowerMinusOne(b, Input(0), Input(1)))), "Pow: dX = G ⊙ p·x^(p−1)");
                Give(1, () => b.SumTo(b.Multiply(b.Multiply(g, y), b.Unary(OpKind.Log, Input(0))), ShapeOf(1)), "Pow: dP = Σ G ⊙ y ⊙ ln x");
                break;
            case OpKind.Where:
                Give(1, () => b.SumTo(b.Where(Input(0), g, b.Constant(0)), ShapeOf(1)), "Where: dA = sum_to(where(c, G, 0))");
                Give(2, () => b.SumTo(b.Where(Input(0), b.Constant(0), g), ShapeOf(2)), "Where: dB = sum_to(where(c, 0, G))");
                break;
            case OpKind.Clamp:
                Give(0, () => b.Multiply(g, b.Multiply(b.Binary(OpKind.GreaterThanOrEqual, Input(0), Input(1)), b.Binary(OpKind.LessThanOrEqual, Input(0), Input(2)))),
                    "Clamp: dX = G ⊙ [x ≥ lower] ⊙ [x ≤ upper]");
                Give(1, () => b.SumTo(b.Multiply(g, b.Binary(OpKind.LessThan, Input(0), Input(1))), ShapeOf(1)), "Clamp: dLower = Σ G ⊙ [x < lower]");
                Give(2, () => b.SumTo(b.Multiply(g, b.Binary(OpKind.GreaterThan, Input(0), Input(2))), ShapeOf(2)), "Clamp: dUpper = Σ G ⊙ [x > upper]");
                break;
            case OpKind.Convert:
                Give(0, () => b.Convert(g, b[Input(0)].Element), "Convert: dX = G");
                break;
            case OpKind.Sum:
                Give(0, () => Spread(b, node, g), "Sum: dX = G broadcast to x");
                break;
            case OpKind.MatMul:
                MatMul(b, node, g, Give);
                break;
            case OpKind.Dot:
                Give(0, () => b.Multiply(Input(1), g), "Dot: dA = G·b");
                Give(1, () => b.Multiply(Input(0), g), "Dot: dB = G·a");
                break;
            case OpKind.Transpose:
                Give(0, () => b.Transpose(g), "Transpose: dX = Gᵀ");
                break;
            case OpKind.Permute:
                Give(0, () => b.Permute(g, Shapes.PermuteShapes.Inverse(node.Attributes.Axes)), "Permute: dX = G with the inverse axis order");
                break;
            case OpKind.Reshape:
                Give(0, () => b.Reshape(g, ShapeOf(0)), "Reshape: dX = G reshaped back");
                break;
            case OpKind.Max:
                Give(0, () => b.Kernel(OpKind.MaxBackward, ShapeOf(0), new OpAttributes { Axis = NormalizedAxis(node, b) },
                    g, b.KernelOutput(y, 1, node.Shape, ElementType.Int32)), "Max: G routed to the first arg-max");
                break;
            case OpKind.Narrow:
                Give(0, () => b.Kernel(OpKind.NarrowBackward, ShapeOf(0), node.Attributes, g), "Narrow: dX = G in its positions, 0 elsewhere");
                break;
            case OpKind.Concat:
            {
                int axis = node.Attributes.Axis ?? 0;
                var start = Dim.Constant(0);
                for (int part = 0; part < node.Inputs.Count; part++)
                {
                    var length = ShapeOf(part)[axis];
                    var attributes = new OpAttributes { Axis = axis, Start = start, Length = length };
                    var partShape = ShapeOf(part);
                    Give(part, () => b.Kernel(OpKind.Narrow, partShape, attributes, g), "Concat: dX = G at X's positions along the axis");
                    start = start.Factor == 0 ? length : new Dim(start.Factor + length.Factor, length.Symbols);
                }
                break;
            }
            case OpKind.Softmax:
            {
                int axis = NormalizedAxis(node, b) ?? 0;
                Give(0, () => b.Multiply(y, b.Binary(OpKind.Subtract, g, b.SumAlong(b.Multiply(g, y), axis, keepDims: true))),
                    "Softmax: dX = y ⊙ (G − Σ G ⊙ y)");
                break;
            }
            case OpKind.LogSoftmax:
            {
                int axis = NormalizedAxis(node, b) ?? 0;
                Give(0, () => b.Binary(OpKind.Subtract, g, b.Multiply(b.Unary(OpKind.Exp, y), b.SumAlong(g, axis, keepDims: true))),
                    "LogSoftmax: dX = G − softmax ⊙ Σ G");
                break;
            }
            case OpKind.LogSumExp:
                Give(0, () =>
                {
                    int kept = Kept(b, node, g);
                    return b.Multiply(kept, b.Unary(OpKind.Exp, b.Binary(OpKind.Subtract, Input(0), Kept(b, node, y))));
                }, "LogSumExp: dX = G ⊙ softmax");
                break;
            case OpKind.Embedding:
                Give(0, () => b.Kernel(OpKind.EmbeddingBackward, ShapeOf(0), OpAttributes.None, g, Input(1)),
                    "Embedding: rows of G scatter-added into dTable");
                break;
            case OpKind.Pick:
                Give(0, () => b.Kernel(OpKind.PickBackward, ShapeOf(0), OpAttributes.None, g, Input(1)), "Pick: G scattered into zeros");
                break;
            case OpKind.CrossEntropy:
                Give(0, () => b.Kernel(OpKind.CrossEntropyBackward, ShapeOf(0), OpAttributes.None,
                    Input(0), Input(1), b.KernelOutput(y, 1, Shape.Of(new[] { ShapeOf(0)[0] })), g),
                    "CrossEntropy: dLogits = G · (softmax − onehot) / n");
                break;
            case OpKind.BatchNorm or OpKind.LayerNorm:
                Normalization(b, node, g, Give);
                break;
            case OpKind.Attention:
                Attention(b, node, g, Give);
                break;
            case OpKind.Loop:
                LoopRule.Apply(b, node, g, needs, Give);
                break;
            case var binary when BinaryOps.TryGet(binary, out var op) && !op.IsPiecewiseConstant:
            {
                var inputs = new BinaryRuleInputs(b, g, Input(0), Input(1), y, ShapeOf(0), ShapeOf(1));
                Give(0, () => op.RuleA!.Build(inputs), op.RuleA!.Text);
                Give(1, () => op.RuleB!.Build(inputs), op.RuleB!.Text);
                break;
            }
            case var unary when UnaryOps.TryGet(unary, out var op) && op.Derivative is { } derivative:
                Give(0, () => derivative(b, g, Input(0), y), op.Rule!);
                break;
            default:
                throw new InvalidOperationException($"no derivative rule for {node.Kind}");
        }
        return result;
    }

    /// <summary>A reduction's value or adjoint with the reduced axis kept as 1, so it broadcasts back over the input.</summary>
    private static int Kept(GraphBuilder b, IrNode node, int value)
    {
        var input = b.ShapeOf(node.Input(0));
        int axis = NormalizedAxis(node, b) ?? 0;
        return b.Reshape(value, Shapes.AxisShapes.Reduce(input, axis, keepDims: true));
    }

    /// <summary>
    /// Batch and layer normalization by their closed forms: one backward kernel reads the saved x̂ and 1/σ and
    /// writes dx, dGain and dBias together.
    /// </summary>
    private static void Normalization(GraphBuilder b, IrNode node, int g, Action<int, Func<int>, string> give)
    {
        int y = node.Id;
        var x = b.ShapeOf(node.Input(0));
        var features = Shape.Of(new[] { x[x.Rank - 1] });
        var statistics = node.Kind == OpKind.BatchNorm ? features : Shape.Of(x.Rank > 1 ? x.Dims.Take(x.Rank - 1) : new[] { Dim.One });
        var backwardKind = node.Kind == OpKind.BatchNorm ? OpKind.BatchNormBackward : OpKind.LayerNormBackward;
        int? backward = null;
        int Backward() => backward ??= b.Kernel(backwardKind, x, node.Attributes,
            g, b.KernelOutput(y, 1, x), b.KernelOutput(y, 2, statistics), node.Input(1));

        string name = node.Kind.ToString();
        give(0, Backward, $"{name}: dx by the closed form");
        give(1, () => b.Reshape(b.KernelOutput(Backward(), 1, features), b.ShapeOf(node.Input(1))), $"{name}: dGain = Σ G ⊙ x̂");
        give(2, () => b.Reshape(b.KernelOutput(Backward(), 2, features), b.ShapeOf(node.Input(2))), $"{name}: dBias = Σ G");
    }

    /// <summary>
    /// Attention by one backward kernel that recomputes the weights P from q, k and the saved log Σ exp of each query
    /// row, so the [..., T, S] weights are never stored, and writes dq, dk and dv together.
    /// </summary>
    private static void Attention(GraphBuilder b, IrNode node, int g, Action<int, Func<int>, string> give)
    {
        int y = node.Id;
        var query = b.ShapeOf(node.Input(0));
        var rows = Shape.Of(query.Dims.Take(query.Rank - 1));
        int? backward = null;
        int Backward() => backward ??= b.Kernel(OpKind.AttentionBackward, query, node.Attributes,
            g, node.Input(0), node.Input(1), node.Input(2), b.KernelOutput(y, 1, rows));

        give(0, Backward, "Attention: dQ = scale · dS·K, dS = P ⊙ (dP − Σ P ⊙ dP), dP = G·Vᵀ, P recomputed from the saved log Σ exp");
        give(1, () => b.KernelOutput(Backward(), 1, b.ShapeOf(node.Input(1))), "Attention: dK = scale · dSᵀ·Q");
        give(2, () => b.KernelOutput(Backward(), 2, b.ShapeOf(node.Input(2))), "Attention: dV = Pᵀ·G");
    }

    /// <summary>x^(p−1), folded when p is a constant: x itself for p = 2, 1 for p = 1.</summary>
    private static int PowerMinusOne(GraphBuilder b, int x, int p)
    {
        if (b[p].Kind != OpKind.Constant) return b.Binary(OpKind.Pow, x, b.Binary(OpKind.Subtract, p, b.Constant(1)));
        double exponent = b[p].Attributes.Value - 1;
        return exponent switch
        {
            0 => b.Constant(1),
            1 => x,
            _ => b.Binary(OpKind.Pow, x, b.Constant(exponent)),
        };
    }

    private static int? NormalizedAxis(IrNode node, GraphBuilder b)
    {
        if (node.Attributes.Axis is not int axis) return null;
        int rank = b.ShapeOf(node.Input(0)).Rank;
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>The adjoint of a sum: <c>g</c> back in the input's shape (the reduced axis restored as 1, then broadcast).</summary>
    private static int Spread(GraphBuilder b, IrNode node, int g)
    {
        var input = b.ShapeOf(node.Input(0));
        if (NormalizedAxis(node, b) is int axis && !node.Attributes.KeepDims && input.Rank > 1)
        {
            var kept = new List<Dim>(input.Dims);
            kept[axis] = Dim.One;
            g = b.Reshape(g, Shape.Of(kept));
        }
        return b.BroadcastTo(g, input);
    }

    /// <summary>
    /// C = op(A)·op(B): dA = G·op(B)ᵀ and dB = op(A)ᵀ·G, computed by GEMM transpose flags, never transposed copies.
    /// A 1-D operand is viewed as a row (left) or a column (right) so one 2-D rule covers every case.
    /// </summary>
    private static void MatMul(GraphBuilder b, IrNode node, int g, Action<int, Func<int>, string> give)
    {
        int a = node.Input(0), bb = node.Input(1);
        var left = b.ShapeOf(a);
        var right = b.ShapeOf(bb);
        bool tA = node.Attributes.TransposeA, tB = node.Attributes.TransposeB;
        if (MatMulLayout.IsBatchedForm(left, right, tA))
        {
            // Matrix by matrix the same rules; each adjoint takes its operand's shape, so an operand broadcast over
            // the batch gets the sum of its products' contributions (the GEMM sums them, stride 0 for the result).
            give(0, () => tA ? b.BatchedMatMul(bb, g, tB, true, left) : b.BatchedMatMul(g, bb, false, !tB, left),
                tA ? "MatMul: dA = op(B)·Gᵀ per matrix of the batch" : "MatMul: dA = G·op(B)ᵀ per matrix of the batch");
            give(1, () => tB ? b.BatchedMatMul(g, a, true, tA, right) : b.BatchedMatMul(a, g, !tA, false, right),
                tB ? "MatMul: dB = Gᵀ·op(A) per matrix of the batch" : "MatMul: dB = op(A)ᵀ·G per matrix of the batch");
            return;
        }
        // [..., m, k]·[k, n] is [rows, k]·[k, n] over all leading axes: A and G are viewed as 2-D, so dB = Aᵀ·G
        // sums over every row in one GEMM (k = rows) and dA = G·Bᵀ is one GEMM over the same rows.
        var rows = left.Rows;
        int a2 = left.Rank == 1 ? b.Reshape(a, Shape.Of(new[] { Dim.One, left[0] }))
            : left.Rank > 2 ? b.Reshape(a, Shape.Of(new[] { rows, left[left.Rank - 1] })) : a;
        int b2 = right.Rank == 1 ? b.Reshape(bb, Shape.Of(new[] { right[0], Dim.One })) : bb;
        var layout = MatMulLayout.Of(left, right, node.Shape, tA, tB);
        var (m, n) = (layout.M, layout.N);

        int G2() => b.Reshape(g, Shape.Of(new[] { m, n }));

        // The adjoint of A's rows before it is viewed in A's shape, named for what it is rather than for the view.
        int RowsOfLeftAdjoint()
        {
            int product = b.MatMul(G2(), b2, false, !tB);
            string of = b.NameOf(a);
            b.Rename(product, of.Length > 0 ? "d" + Identifiers.Pascal(of) + "Rows" : "dRows");
            return product;
        }
        give(0, () => b.Reshape(left.Rank > 2 ? RowsOfLeftAdjoint() : tA ? b.MatMul(b2, G2(), tB, true) : b.MatMul(G2(), b2, false, !tB), left),
            tA ? "MatMul: dA = op(B)·Gᵀ" : "MatMul: dA = G·Bᵀ");
        give(1, () => b.Reshape(tB ? b.MatMul(G2(), a2, true, tA) : b.MatMul(a2, G2(), !tA, false), right),
            tB ? "MatMul: dB = Gᵀ·op(A)" : "MatMul: dB = Aᵀ·G");
    }
}
