using System.Collections.Generic;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// <c>a.Transpose().MatMul(b)</c> reads <c>a</c> through the GEMM's transpose flag instead of copying it, and
/// likewise for the right operand; for batched products, a swap of the last two axes (<c>k.Transpose(2, 3)</c>) is
/// the same flag, matrix by matrix. A swap of a batched product's result, or the transpose of a matrix product, is the
/// product with its operands swapped, (A·B)ᵀ = Bᵀ·Aᵀ, which the adjoint of a swapped or transposed operand needs. The transpose node stays only if something else
/// still uses it.
/// </summary>
internal static class TransposeFolding
{
    public static List<IrNode> Run(IReadOnlyList<IrNode> nodes)
    {
        var result = new List<IrNode>(nodes);
        for (int id = 0; id < result.Count; id++)
        {
            var node = result[id];
            if (node.Kind is OpKind.Permute or OpKind.Transpose && result[node.Input(0)] is { Kind: OpKind.MatMul } product
                && ((IsMatrixSwap(node) && product.Shape.Rank >= 3) || (IsMatrixTranspose(node) && IsMatrixProduct(product, result))))
            {
                result[id] = node with
                {
                    Kind = OpKind.MatMul,
                    Inputs = new[] { product.Input(1), product.Input(0) }.ToEquatableArray(),
                    Attributes = new OpAttributes { TransposeA = !product.Attributes.TransposeB, TransposeB = !product.Attributes.TransposeA },
                };
                continue;
            }
            if (node.Kind != OpKind.MatMul) continue;
            var attributes = node.Attributes;
            var inputs = node.Inputs.ToArray();
            for (int operand = 0; operand < 2; operand++)
            {
                var input = result[inputs[operand]];
                if (!(input.Kind == OpKind.Transpose && input.Shape.Rank == 2) && !IsMatrixSwap(input)) continue;
                inputs[operand] = input.Input(0);
                attributes = operand == 0
                    ? attributes with { TransposeA = !attributes.TransposeA }
                    : attributes with { TransposeB = !attributes.TransposeB };
            }
            result[id] = node with { Inputs = inputs.ToEquatableArray(), Attributes = attributes };
        }
        return result;
    }

    private static bool IsMatrixTranspose(IrNode node) => node.Kind == OpKind.Transpose && node.Shape.Rank == 2;

    /// <summary>
    /// A product whose result is one matrix and whose operands have one rank (2-D·2-D, or the [rows, k]ᵀ·[rows, n] a
    /// weight's adjoint is), so that its operands swapped with their flags flipped give its transpose: the adjoint of
    /// a transposed weight, x·wᵀ's dW = (xᵀ·G)ᵀ = Gᵀ·x, is then written in place, with no [k, n] copy to transpose.
    /// </summary>
    private static bool IsMatrixProduct(IrNode product, IReadOnlyList<IrNode> nodes)
        => product.Shape.Rank == 2 && nodes[product.Input(0)].Shape.Rank == nodes[product.Input(1)].Shape.Rank;

    /// <summary>A permutation of three or more axes that swaps the last two and keeps the rest: a transpose of every matrix.</summary>
    private static bool IsMatrixSwap(IrNode node)
    {
        if (node.Kind != OpKind.Permute || node.Shape.Rank < 3) return false;
        var axes = node.Attributes.Axes;
        int rank = axes.Count;
        for (int axis = 0; axis < rank - 2; axis++)
        {
            if (axes[axis] != axis) return false;
        }
        return axes[rank - 2] == rank - 1 && axes[rank - 1] == rank - 2;
    }
}
