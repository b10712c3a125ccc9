using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// The indices are checked before anything is allocated or written, so a bad index leaves no half-built result.
public static partial class TensorMath
{
    /// <summary>
    /// Rows of <paramref name="table"/> looked up by index: <c>result[..., :] = table[indices[...], :]</c>. A
    /// <c>[V, D]</c> table and indices of shape <c>S</c> give a result of shape <c>S + [D]</c>.
    /// </summary>
    /// <param name="table">The 2-D table <c>[V, D]</c>: one row per entry.</param>
    /// <param name="indices">The rows to look up, each in <c>[0, V)</c>; any shape.</param>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> or <paramref name="indices"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="table"/> is not 2-D.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, V)</c>: <c>ParamName</c> is <c>indices</c> and the message names the value and its position.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Embedding<T>(this Tensor<T> table, Tensor<int> indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(indices);
        ThrowIfUnsupported<T>();
        if (table.Rank != 2)
            throw new ArgumentException($"Embedding needs a 2-D table [rows, width], but table is {Shape(table)}.", nameof(table));
        int rows = checked((int)table.Lengths[0]), width = checked((int)table.Lengths[1]);

        int[]? indexCopy = null;
        ReadOnlySpan<int> index = TensorData.Read(indices, ref indexCopy);
        IndexCheck.InRange(index, rows, nameof(indices));

        T[]? copy = null;
        ReadOnlySpan<T> source = Read(table, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(checked(index.Length * width));
        GatherKernel.Embedding(source, index, data, rows, width);
        return TensorData.Wrap(data, [.. indices.Lengths, width]);
    }

    /// <summary>
    /// One element from each row: <c>result[r] = x[r, indices[r]]</c>, for <c>x</c> of shape <c>[N, C]</c> and
    /// <c>indices</c> of shape <c>[N]</c>; the result is <c>[N]</c>.
    /// </summary>
    /// <param name="x">The 2-D tensor <c>[N, C]</c>.</param>
    /// <param name="indices">The column to pick from each row, <c>[N]</c>, each in <c>[0, C)</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or <paramref name="indices"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes are not <c>[N, C]</c> and <c>[N]</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, C)</c>: <c>ParamName</c> is <c>indices</c> and the message names the value and its position.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Pick<T>(this Tensor<T> x, Tensor<int> indices) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(indices);
        ThrowIfUnsupported<T>();
        if (x.Rank != 2 || indices.Rank != 1 || indices.Lengths[0] != x.Lengths[0])
            throw new ArgumentException($"Pick needs x [N, C] and indices [N], but x is {Shape(x)} and indices is {Shape(indices)}.");
        int count = checked((int)x.Lengths[0]), classes = checked((int)x.Lengths[1]);

        int[]? indexCopy = null;
        ReadOnlySpan<int> index = TensorData.Read(indices, ref indexCopy);
        IndexCheck.InRange(index, classes, nameof(indices));

        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(count);
        GatherKernel.Pick(source, index, data, count, classes);
        return TensorData.Wrap(data, [count]);
    }
}
