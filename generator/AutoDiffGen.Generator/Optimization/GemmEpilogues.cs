using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>A bias added to a matrix product by the GEMM itself (<c>Gemm.MultiplyAddRow</c>).</summary>
/// <param name="Product">The 2-D matrix product, which then needs no buffer of its own.</param>
/// <param name="Sum">The addition, computed by the GEMM into its own buffer.</param>
/// <param name="Bias">The row added to every row: <c>[n]</c> or <c>[1, n]</c>.</param>
internal sealed record GemmEpilogue(int Product, int Sum, int Bias);

/// <summary>
/// Finds linear layers whose bias addition would otherwise be a loop of its own: <c>x·W + b</c> where the product is
/// read by nothing but the addition, and the addition fused with nothing (its loop would be just the bias pass). An
/// addition that fused into a longer chain (<c>(x·W + b).Tanh()</c>) stays in that chain's loop, where it is free.
/// </summary>
internal static class GemmEpilogues
{
    public static Dictionary<int, GemmEpilogue> Find(IReadOnlyList<IrNode> nodes, bool[] needed, IReadOnlyList<FusionGroup> groups,
        int[] groupOf, ICollection<int> outputs)
    {
        var found = new Dictionary<int, GemmEpilogue>();
        foreach (var product in nodes)
        {
            if (!needed[product.Id] || product.Kind != OpKind.MatMul || product.Shape.Rank != 2 || outputs.Contains(product.Id)) continue;
            if (nodes[product.Input(0)].Shape.Rank != 2 || nodes[product.Input(1)].Shape.Rank != 2) continue;

            var readers = nodes.Where(n => needed[n.Id] && n.Kind != OpKind.ShapeQuery && n.Inputs.Contains(product.Id)).ToList();
            if (readers.Count != 1) continue;
            var sum = readers[0];
            if (sum.Kind != OpKind.Add || sum.Inputs.Count(i => i == product.Id) != 1 || !sum.Shape.Equals(product.Shape)) continue;
            if (groupOf[sum.Id] < 0 || groups[groupOf[sum.Id]].Members.Count != 1) continue;

            var bias = nodes[sum.Inputs.First(i => i != product.Id)];
            if (bias.IsTensor && bias.Element == product.Element && IsRow(bias.Shape, product.Shape[1]))
                found[product.Id] = new GemmEpilogue(product.Id, sum.Id, bias.Id);
        }
        return found;
    }

    private static bool IsRow(Shape shape, Dim columns)
        => (shape.Rank == 1 && shape[0].Equals(columns)) || (shape.Rank == 2 && shape[0].IsOne && shape[1].Equals(columns));
}
