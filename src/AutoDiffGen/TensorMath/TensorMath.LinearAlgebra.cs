using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

public static partial class TensorMath
{
    /// <summary>
    /// The matrix product, as <c>torch.matmul</c> and NumPy's <c>matmul</c> define it: <c>[m, k]·[k, n]</c> gives
    /// <c>[m, n]</c>; a 1-D right operand is a column (<c>[m, k]·[k]</c> gives <c>[m]</c>); a 1-D left operand is a
    /// row (<c>[k]·[k, n]</c> gives <c>[n]</c>); two 1-D operands give their dot product as a <c>[1]</c> tensor. Axes
    /// before the last two are batch axes and broadcast: <c>[B, T, C]·[C, D]</c> is <c>[B, T, D]</c> (one product over
    /// B·T rows) and <c>[B, H, T, d]·[B, H, d, T]</c> is <c>[B, H, T, T]</c> (B·H products).
    /// </summary>
    /// <param name="a">The left operand.</param>
    /// <param name="b">The right operand.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> or <paramref name="b"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The inner dimensions differ (the message names both shapes and says when a <see cref="Transpose{T}(Tensor{T})"/>
    /// would make them fit), or the batch axes do not broadcast.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> MatMul<T>(this Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ThrowIfUnsupported<T>();

        // A 1-D left operand is one row [1, k]; a 1-D right operand is one column [k, 1]; neither has batch axes.
        ReadOnlySpan<nint> aLengths = a.Lengths, bLengths = b.Lengths;
        int m = a.Rank >= 2 ? checked((int)aLengths[^2]) : 1;
        int k = checked((int)aLengths[^1]);
        int bk = checked((int)bLengths[b.Rank >= 2 ? ^2 : ^1]);
        int n = b.Rank >= 2 ? checked((int)bLengths[^1]) : 1;
        if (k != bk) throw new ArgumentException(InnerDimensionMismatch(a, b, k, bk));

        ReadOnlySpan<nint> aBatch = a.Rank > 2 ? aLengths[..^2] : [], bBatch = b.Rank > 2 ? bLengths[..^2] : [];
        nint[] batch = BroadcastBatch(a, b, aBatch, bBatch);
        int count = 1;
        foreach (nint length in batch) count = checked(count * (int)length);

        var lengths = new List<nint>(batch);
        if (a.Rank >= 2) lengths.Add(m);
        if (b.Rank >= 2) lengths.Add(n);
        if (lengths.Count == 0) lengths.Add(1);

        T[]? aCopy = null, bCopy = null;
        ReadOnlySpan<T> aData = Read(a, ref aCopy);
        ReadOnlySpan<T> bData = Read(b, ref bCopy);
        // Gemm overwrites every element of c (with zeros when k is 0).
        T[] data = GC.AllocateUninitializedArray<T>(checked(count * m * n));

        if (bBatch.IsEmpty)
        {
            // [..., m, k]·[k, n]: the batch axes of a are more rows of one product.
            Gemm.Multiply(aData, bData, data, checked(count * m), n, k);
        }
        else if (IsWholeOrSingle(aBatch, batch) && IsWholeOrSingle(bBatch, batch))
        {
            // Each operand is either one matrix per product or one matrix for all of them.
            int strideA = Product(aBatch) == 1 ? 0 : m * k, strideB = Product(bBatch) == 1 ? 0 : k * n;
            Gemm.MultiplyBatched(aData, bData, data, count, m, n, k, strideA, strideB, m * n);
        }
        else
        {
            // Batch axes broadcast one against the other, axis by axis: one product per index of the batch.
            Span<nint> index = stackalloc nint[batch.Length];
            for (int product = 0; product < count; product++)
            {
                long aOffset = BatchOffset(index, aBatch, batch.Length) * m * k, bOffset = BatchOffset(index, bBatch, batch.Length) * k * n;
                Gemm.Multiply(aData.Slice((int)aOffset, m * k), bData.Slice((int)bOffset, k * n), data.AsSpan(product * m * n, m * n), m, n, k);
                for (int d = batch.Length - 1; d >= 0 && ++index[d] == batch[d]; d--) index[d] = 0;
            }
        }
        return TensorData.Wrap(data, lengths.ToArray());
    }

    // The batch axes of a product: a's and b's aligned from the right, each pair equal or one of them 1.
    private static nint[] BroadcastBatch<T>(Tensor<T> a, Tensor<T> b, ReadOnlySpan<nint> aBatch, ReadOnlySpan<nint> bBatch)
    {
        var batch = new nint[Math.Max(aBatch.Length, bBatch.Length)];
        for (int i = 1; i <= batch.Length; i++)
        {
            nint x = i <= aBatch.Length ? aBatch[^i] : 1, y = i <= bBatch.Length ? bBatch[^i] : 1;
            if (x != y && x != 1 && y != 1)
                throw new ArgumentException($"MatMul batch axes do not broadcast: a is {Shape(a)} and b is {Shape(b)}, and the batch lengths {x} and {y} differ (axes before the last two broadcast as in elementwise ops).");
            batch[^i] = x == 1 ? y : x;
        }
        return batch;
    }

    // Whether an operand's batch axes are all of the result's (one matrix per product) or all ones (one matrix).
    private static bool IsWholeOrSingle(ReadOnlySpan<nint> operand, ReadOnlySpan<nint> batch)
        => Product(operand) == 1 || (operand.Length == batch.Length && operand.SequenceEqual(batch));

    // The matrix of an operand with batch axes 'operand' at the result's batch index 'index' (a broadcast axis stays at 0).
    private static long BatchOffset(ReadOnlySpan<nint> index, ReadOnlySpan<nint> operand, int rank)
    {
        long offset = 0;
        for (int d = 0; d < operand.Length; d++)
        {
            nint i = operand[d] == 1 ? 0 : index[rank - operand.Length + d];
            offset = offset * operand[d] + i;
        }
        return offset;
    }

    /// <summary>The dot product <c>Σᵢ a[i]·b[i]</c> of two 1-D tensors of equal length.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> or <paramref name="b"/> is null.</exception>
    /// <exception cref="ArgumentException">An operand is not 1-D, or the lengths differ.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static T Dot<T>(this Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ThrowIfUnsupported<T>();
        if (a.Rank != 1 || b.Rank != 1)
            throw new ArgumentException($"Dot multiplies two 1-D tensors, but a is {Shape(a)} and b is {Shape(b)}.");
        if (a.Lengths[0] != b.Lengths[0])
            throw new ArgumentException($"Dot needs tensors of equal length, but a is {Shape(a)} and b is {Shape(b)}.");

        T[]? aCopy = null, bCopy = null;
        ReadOnlySpan<T> aData = Read(a, ref aCopy);
        ReadOnlySpan<T> bData = Read(b, ref bCopy);
        T result = T.Zero;
        Gemm.Multiply(aData, bData, new Span<T>(ref result), 1, 1, aData.Length);
        return result;
    }

    /// <summary>The transpose of a 2-D tensor: <c>[m, n]</c> gives <c>[n, m]</c> with <c>result[j, i] = x[i, j]</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is not 2-D.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Transpose<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        if (x.Rank != 2) throw new ArgumentException($"Transpose needs a 2-D tensor, but x is {Shape(x)}.", nameof(x));

        int rows = checked((int)x.Lengths[0]), columns = checked((int)x.Lengths[1]);
        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(source.Length);
        TransposeKernel.Transpose(source, data, rows, columns);
        return TensorData.Wrap(data, [columns, rows]);
    }

    // "MatMul inner dimensions differ: a is [2, 3] but b is [2, 4] (3 ≠ 2); a.Transpose() would fit."
    private static string InnerDimensionMismatch<T>(Tensor<T> a, Tensor<T> b, int k, int bk)
    {
        string message = $"MatMul inner dimensions differ: a is {Shape(a)} but b is {Shape(b)} ({k} ≠ {bk}).";
        bool aTransposable = a.Rank == 2, bTransposable = b.Rank == 2;
        nint aRows = a.Lengths[0], bColumns = b.Lengths[b.Rank - 1];
        if (aTransposable && aRows == bk) return message + " a.Transpose().MatMul(b) would fit.";
        if (bTransposable && bColumns == k) return message + " a.MatMul(b.Transpose()) would fit.";
        if (aTransposable && bTransposable && aRows == bColumns) return message + " a.Transpose().MatMul(b.Transpose()) would fit.";
        return message;
    }
}
