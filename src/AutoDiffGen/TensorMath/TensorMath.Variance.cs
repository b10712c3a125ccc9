using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

public static partial class TensorMath
{
    /// <summary>
    /// The variances along <paramref name="axis"/>:
    /// <c>result[o, i] = Σₖ (x[o, k, i] − mean[o, i])² / (length − correction)</c>, viewing <paramref name="x"/> as
    /// <c>[outer, length, inner]</c> around the axis, computed in two passes (the mean first).
    /// </summary>
    /// <remarks>
    /// The result's shape is that of <see cref="Sum{T}(Tensor{T}, int, bool)"/>. When <paramref name="correction"/>
    /// is at least the axis length the divisor is taken as 0, giving infinity or NaN, as in NumPy and PyTorch.
    /// </remarks>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis to reduce; negative values count from the end (-1 is the last axis).</param>
    /// <param name="keepDims">Keep the reduced axis with length 1, so the result broadcasts against <paramref name="x"/>.</param>
    /// <param name="correction">Subtracted from the axis length in the divisor: 1 (the default) for Bessel's correction, 0 for the biased variance.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>, or <paramref name="correction"/> is negative.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Var<T>(this Tensor<T> x, int axis, bool keepDims = false, int correction = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        ArgumentOutOfRangeException.ThrowIfNegative(correction);
        int resolved = ResolveAxis(axis, x.Rank);
        var (outer, length, inner) = AroundAxis(x.Lengths, resolved);

        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(checked(outer * inner));
        VarianceKernel.Forward(source, Span<T>.Empty, data, outer, length, inner, correction);
        return TensorData.Wrap(data, ReducedLengths(x.Lengths, resolved, keepDims));
    }
}
