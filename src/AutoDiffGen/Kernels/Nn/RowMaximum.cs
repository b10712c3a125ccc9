using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Sixteen lanes of running maxima for a reduction along a row, filled by registers of any width, the counterpart
/// of <see cref="RowAccumulator{T}"/> for the maximum. A NaN in any lane makes the result NaN.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[InlineArray(RowAccumulator<float>.Lanes)]
internal struct RowMaximum<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private T _lane0;

    /// <summary>Takes the lane-wise maximum of <paramref name="value"/> and the first <c>TSimd.Count</c> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<TSimd>(TSimd value) where TSimd : struct, ISimd<TSimd, T>
        => TSimd.Store(TSimd.Max(TSimd.Load(ref _lane0, 0), value), ref _lane0, 0);

    /// <summary>The largest lane, or NaN when any lane is NaN; negative infinity when nothing was added.</summary>
    public readonly T Total()
    {
        T max = T.NegativeInfinity;
        foreach (T lane in this)
        {
            if (T.IsNaN(lane)) return lane;
            if (lane > max) max = lane;
        }
        return max;
    }

    /// <summary>Sets every lane to negative infinity, the identity of the maximum.</summary>
    public void Clear() => ((Span<T>)this).Fill(T.NegativeInfinity);
}
