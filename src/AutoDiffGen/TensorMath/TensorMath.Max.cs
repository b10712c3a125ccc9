using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// x.Max() without arguments stays LINQ's maximum of all elements: this Max always takes an axis, so it never
// competes with Enumerable.Max.
public static partial class TensorMath
{
    /// <summary>
    /// The maxima along <paramref name="axis"/>: <c>result[o, i] = max over k of x[o, k, i]</c>, viewing
    /// <paramref name="x"/> as <c>[outer, length, inner]</c> around the axis. A NaN counts as the maximum.
    /// </summary>
    /// <remarks>
    /// The result has <paramref name="x"/>'s shape with <paramref name="axis"/> removed, or kept with length 1 when
    /// <paramref name="keepDims"/>; the maximum along the only axis of a 1-D tensor is a <c>[1]</c> tensor. The
    /// gradient goes to the first position attaining each maximum.
    /// </remarks>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis to reduce; negative values count from the end (-1 is the last axis).</param>
    /// <param name="keepDims">Keep the reduced axis with length 1, so the result broadcasts against <paramref name="x"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="ArgumentException">The axis has length 0 while the result has elements.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Max<T>(this Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        int resolved = ResolveAxis(axis, x.Rank);
        var (outer, length, inner) = AroundAxis(x.Lengths, resolved);
        int count = checked(outer * inner);
        if (length == 0 && count > 0)
            throw new ArgumentException($"Max along axis {axis} of {Shape(x)} is undefined: the axis is empty.", nameof(x));

        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(count);
        int[] argmax = ArrayPool<int>.Shared.Rent(count);
        MaxKernel.Forward(source, data, argmax.AsSpan(0, count), outer, length, inner);
        ArrayPool<int>.Shared.Return(argmax);
        return TensorData.Wrap(data, ReducedLengths(x.Lengths, resolved, keepDims));
    }
}
