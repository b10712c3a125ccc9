using System.Linq;

namespace AutoDiffGen.Generator.Ir;

/// <summary>
/// How <c>C = op(A)·op(B)</c> runs as GEMMs: <see cref="Batch"/> products of <c>[M, K]·[K, N]</c>, one per matrix of
/// the batch axes (every axis but the last two), each operand's matrices a whole matrix apart when it has the batch
/// axes and the same matrix for every product when it has none (stride 0). A result without the batch axes is the
/// sum of the products: the adjoint of an operand that was broadcast over the batch.
/// </summary>
/// <remarks>
/// A product whose right operand is a matrix, <c>[..., m, k]·[k, n]</c>, is not batched: the left operand's leading
/// axes are more rows of one GEMM (<see cref="Shape.Rows"/>), read in place. The shape rule, the derivative rule and
/// the planner all read the sizes from here.
/// </remarks>
internal sealed record MatMulLayout(Dim M, Dim N, Dim K, Dim Batch, bool BatchedA, bool BatchedB, bool BatchedC)
{
    public bool IsBatched => !Batch.IsOne || BatchedA || BatchedB || BatchedC;

    /// <summary>Elements from one matrix of A to the next: <c>M·K</c>, or 0 when A is the same for every product.</summary>
    public Dim StrideA => BatchedA ? M.Times(K) : Dim.Constant(0);

    public Dim StrideB => BatchedB ? K.Times(N) : Dim.Constant(0);

    /// <summary>Elements from one result to the next: <c>M·N</c>, or 0 when every product is summed into one.</summary>
    public Dim StrideC => BatchedC ? M.Times(N) : Dim.Constant(0);

    /// <summary>
    /// Whether the product is a batch of matrix products rather than one: the right operand has batch axes, or the left
    /// has them and is read transposed (its rows are then no longer one matrix's rows).
    /// </summary>
    public static bool IsBatchedForm(Shape left, Shape right, bool transposeA) => right.Rank >= 3 || (left.Rank >= 3 && transposeA);

    /// <summary>The layout of a product of operands of these shapes into a result of <paramref name="result"/>'s shape.</summary>
    public static MatMulLayout Of(Shape left, Shape right, Shape result, bool transposeA, bool transposeB)
    {
        if (!IsBatchedForm(left, right, transposeA))
        {
            // [m, k]·[k, n], 1-D operands as a row (left) or a column (right), and [..., m, k]·[k, n] over all rows.
            var m = left.Rank == 1 ? Dim.One : transposeA ? left[1] : left.Rows;
            var k = left.Rank == 1 ? left[0] : transposeA ? left[0] : left[left.Rank - 1];
            var n = right.Rank == 1 ? Dim.One : transposeB ? right[0] : right[1];
            return new MatMulLayout(m, n, k, Dim.One, false, false, false);
        }

        var batch = new[] { BatchCount(left), BatchCount(right), BatchCount(result) }.FirstOrDefault(count => !count.IsOne) ?? Dim.One;
        return new MatMulLayout(
            M: transposeA ? left[left.Rank - 1] : left[left.Rank - 2],
            N: transposeB ? right[right.Rank - 2] : right[right.Rank - 1],
            K: transposeA ? left[left.Rank - 2] : left[left.Rank - 1],
            Batch: batch,
            BatchedA: !batch.IsOne && BatchCount(left).Equals(batch),
            BatchedB: !batch.IsOne && BatchCount(right).Equals(batch),
            BatchedC: !batch.IsOne && BatchCount(result).Equals(batch));
    }

    /// <summary>The number of matrices in a tensor: the product of every axis but the last two (1 for a matrix).</summary>
    public static Dim BatchCount(Shape shape)
        => shape.Dims.Take(System.Math.Max(0, shape.Rank - 2)).Aggregate(Dim.One, (product, dim) => product.Times(dim));
}
