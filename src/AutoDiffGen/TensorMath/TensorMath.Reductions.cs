using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// Sums are added in a fixed order (see SumKernel), so a reduction of the same tensor always gives the same bits.
// Tensor<T> is IEnumerable<T>: where AutoDiffGen and System.Linq are imported at the same level, x.Sum() binds here
// rather than to Enumerable.Sum, because Tensor<T> converts to itself better than to IEnumerable<T>. The averaging reduction is named Mean, not Average, to leave LINQ's meaning alone.
public static partial class TensorMath
{
    /// <summary>The sum of all elements; zero for an empty tensor.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static T Sum<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        T[]? copy = null;
        return SumKernel.Sum(Read(x, ref copy));
    }

    /// <summary>The mean of all elements; NaN for an empty tensor.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static T Mean<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => x.Sum() / T.CreateTruncating(x.FlattenedLength);

    /// <summary>The sums along <paramref name="axis"/>.</summary>
    /// <remarks>
    /// The result has <paramref name="x"/>'s shape with <paramref name="axis"/> removed, or kept with length 1 when
    /// <paramref name="keepDims"/>. Summing the only axis of a 1-D tensor without <paramref name="keepDims"/> gives a
    /// <c>[1]</c> tensor, because <see cref="Tensor{T}"/> has no rank 0. An axis of length 0 sums to zero.
    /// </remarks>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis to sum over; negative values count from the end (-1 is the last axis).</param>
    /// <param name="keepDims">Keep the summed axis with length 1, so the result broadcasts against <paramref name="x"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Sum<T>(this Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T>
        => SumAlong(x, axis, keepDims, out _).Tensor;

    /// <summary>The means along <paramref name="axis"/>; NaN where the axis has length 0.</summary>
    /// <remarks>The result's shape is that of <see cref="Sum{T}(Tensor{T}, int, bool)"/>.</remarks>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis to average over; negative values count from the end (-1 is the last axis).</param>
    /// <param name="keepDims">Keep the averaged axis with length 1, so the result broadcasts against <paramref name="x"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Mean<T>(this Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (result, data) = SumAlong(x, axis, keepDims, out int length);
        ReadOnlySpan<nint> flat = [data.Length];
        T divisor = T.CreateTruncating(length);
        Run(data, flat, new ReadOnlySpan<T>(in divisor), [], flat, data, new DivideOperator<T>());
        return result;
    }

    private static (Tensor<T> Tensor, T[] Data) SumAlong<T>(Tensor<T> x, int axis, bool keepDims, out int length)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        int rank = x.Rank;
        ReadOnlySpan<nint> lengths = x.Lengths;
        int resolved = ResolveAxis(axis, rank);

        // x viewed as [outer, length, inner] around the axis.
        length = checked((int)lengths[resolved]);
        int outer = 1, inner = 1;
        for (int i = 0; i < resolved; i++) outer = checked(outer * (int)lengths[i]);
        for (int i = resolved + 1; i < rank; i++) inner = checked(inner * (int)lengths[i]);

        Span<nint> resultLengths = rank <= 16 ? stackalloc nint[rank] : new nint[rank];
        int resultRank = 0;
        for (int i = 0; i < rank; i++)
        {
            if (i != resolved) resultLengths[resultRank++] = lengths[i];
            else if (keepDims) resultLengths[resultRank++] = 1;
        }
        if (resultRank == 0) resultLengths[resultRank++] = 1;

        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(outer * inner);
        SumKernel.SumAxis(source, data, outer, length, inner);
        return (TensorData.Wrap(data, resultLengths[..resultRank]), data);
    }

    // The axis in [0, rank) that 'axis' names, counting a negative one from the end.
    private static int ResolveAxis(int axis, int rank)
    {
        if (axis < -rank || axis >= rank)
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"Axis {axis} is out of range for a tensor of rank {rank}.");
        return axis < 0 ? axis + rank : axis;
    }
}
