using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

public static partial class TensorMath
{
    /// <summary>
    /// The matrix product of 1-D and 2-D tensors, as NumPy's <c>matmul</c> defines it: <c>[m, k]·[k, n]</c> gives
    /// <c>[m, n]</c>; a 1-D right operand is a column (<c>[m, k]·[k]</c> gives <c>[m]</c>); a 1-D left operand is a
    /// row (<c>[k]·[k, n]</c> gives <c>[n]</c>); two 1-D operands give their dot product as a <c>[1]</c> tensor.
    /// </summary>
    /// <param name="a">The left operand, 1-D or 2-D.</param>
    /// <param name="b">The right operand, 1-D or 2-D.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> or <paramref name="b"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// An operand has rank above 2, or the inner dimensions differ (the message names both shapes and says when a
    /// <see cref="Transpose{T}"/> would make them fit).
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> MatMul<T>(this Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ThrowIfUnsupported<T>();
        if (a.Rank > 2 || b.Rank > 2)
            throw new ArgumentException($"MatMul multiplies 1-D and 2-D tensors, but a is {Shape(a)} and b is {Shape(b)}.");

        // A 1-D left operand is one row [1, k]; a 1-D right operand is one column [k, 1].
        int m = a.Rank == 2 ? checked((int)a.Lengths[0]) : 1;
        int k = checked((int)a.Lengths[a.Rank - 1]);
        int bk = checked((int)b.Lengths[0]);
        int n = b.Rank == 2 ? checked((int)b.Lengths[1]) : 1;
        if (k != bk) throw new ArgumentException(InnerDimensionMismatch(a, b, k, bk));

        T[]? aCopy = null, bCopy = null;
        ReadOnlySpan<T> aData = Read(a, ref aCopy);
        ReadOnlySpan<T> bData = Read(b, ref bCopy);
        // Gemm overwrites every element of c (with zeros when k is 0).
        T[] data = GC.AllocateUninitializedArray<T>(checked(m * n));
        Gemm.Multiply(aData, bData, data, m, n, k);

        ReadOnlySpan<nint> lengths = (a.Rank, b.Rank) switch
        {
            (2, 2) => [m, n],
            (2, 1) => [m],
            (1, 2) => [n],
            _ => [1],
        };
        return TensorData.Wrap(data, lengths);
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
