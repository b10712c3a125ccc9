using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// A bias added to a matrix product by the GEMM itself (<c>Gemm.MultiplyAddRow</c>), or a matrix the GEMM adds its
/// product to in place (<c>accumulate: true</c>).
/// </summary>
/// <param name="Product">The 2-D matrix product, which then needs no buffer of its own.</param>
/// <param name="Sum">The addition, computed by the GEMM into its own buffer, or into <paramref name="Bias"/>'s when it accumulates.</param>
/// <param name="Bias">The row added to every row (<c>[n]</c> or <c>[1, n]</c>), or the whole matrix added to.</param>
/// <param name="Accumulates">The product is added onto <paramref name="Bias"/>'s buffer, which becomes the sum's.</param>
internal sealed record GemmEpilogue(int Product, int Sum, int Bias, bool Accumulates = false);

/// <summary>
/// Finds linear layers whose bias addition would otherwise be a loop of its own: <c>x·W + b</c> where the product is
/// read by nothing but the addition, and the addition fused with nothing (its loop would be just the bias pass). An
/// addition that fused into a longer chain (<c>(x·W + b).Tanh()</c>) stays in that chain's loop, where it is free.
/// Likewise a product added to a matrix that a kernel or another product wrote and nothing else reads (a tied
/// embedding's two gradients, an input's gradient from two products): the GEMM adds into that matrix's buffer, so
/// neither the product nor the sum needs one.
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
            var left = nodes[product.Input(0)].Shape;
            var right = nodes[product.Input(1)].Shape;
            if (MatMulLayout.Of(left, right, product.Shape, product.Attributes.TransposeA, product.Attributes.TransposeB).IsBatched) continue;

            var readers = Readers(product.Id);
            if (readers.Count != 1) continue;
            var sum = readers[0];
            if (sum.Kind != OpKind.Add || sum.Inputs.Count(i => i == product.Id) != 1 || !sum.Shape.Equals(product.Shape)) continue;
            if (groupOf[sum.Id] < 0 || groups[groupOf[sum.Id]].Members.Count != 1) continue;

            var other = nodes[sum.Inputs.First(i => i != product.Id)];
            if (!other.IsTensor || other.Element != product.Element) continue;
            if (left.Rank == 2 && right.Rank == 2 && IsRow(other.Shape, product.Shape[1]))
                found[product.Id] = new GemmEpilogue(product.Id, sum.Id, other.Id);
            else if (other.Shape.Equals(product.Shape) && WritesItsOwnBuffer(other) && !outputs.Contains(other.Id) && Readers(other.Id).Count == 1
                && !found.Values.Any(e => e.Product == other.Id || e.Sum == other.Id))
                found[product.Id] = new GemmEpilogue(product.Id, sum.Id, other.Id, Accumulates: true);
        }
        return found;

        List<IrNode> Readers(int id) => nodes.Where(n => needed[n.Id] && n.Kind != OpKind.ShapeQuery && n.Inputs.Contains(id)).ToList();

        // A kernel's or a product's result has a workspace buffer of its own to add into; anything else may be a view of an argument.
        bool WritesItsOwnBuffer(IrNode node) => NodeClassifier.Classify(node, nodes) is NodeClass.Kernel or NodeClass.Gemm
            && node.Kind != OpKind.KernelOutput;
    }

    private static bool IsRow(Shape shape, Dim columns)
        => (shape.Rank == 1 && shape[0].Equals(columns)) || (shape.Rank == 2 && shape[0].IsOne && shape[1].Equals(columns));
}
