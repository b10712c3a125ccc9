using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Sixteen lanes of running sums for a reduction along a row, filled by registers of any width: lane i collects
/// every element whose column is i modulo the register width. <see cref="Total"/> adds the lanes in a fixed tree,
/// so the result depends only on the row length, never on timing or on the hardware's vector width.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[InlineArray(Lanes)]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public struct RowAccumulator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The widest register's lane count for <see cref="float"/>.</summary>
    public const int Lanes = 16;

    private T _lane0;

    /// <summary>Adds <paramref name="value"/>'s lanes to the first <c>TSimd.Count</c> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<TSimd>(TSimd value) where TSimd : struct, ISimd<TSimd, T>
        => TSimd.Store(TSimd.Load(ref _lane0, 0) + value, ref _lane0, 0);

    /// <summary>
    /// The sum of all lanes, halving: lane i + lane i+8, then i + i+4, then i + i+2, then lane 0 + lane 1. Every step is
    /// one vector add, so this costs a few cycles rather than sixteen dependent scalar adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly T Total()
    {
        ref T lanes = ref Unsafe.AsRef(in _lane0);
        if (typeof(T) == typeof(float))
        {
            var sixteen = Vector512.LoadUnsafe(ref Unsafe.As<T, float>(ref lanes));
            var eight = sixteen.GetLower() + sixteen.GetUpper();
            var four = eight.GetLower() + eight.GetUpper();
            var two = four.GetLower() + four.GetUpper();
            float total = two.GetElement(0) + two.GetElement(1);
            return Unsafe.As<float, T>(ref total);
        }
        if (typeof(T) == typeof(double))
        {
            ref double first = ref Unsafe.As<T, double>(ref lanes);
            var eight = Vector512.LoadUnsafe(ref first) + Vector512.LoadUnsafe(ref first, 8);
            var four = eight.GetLower() + eight.GetUpper();
            var two = four.GetLower() + four.GetUpper();
            double total = two.GetElement(0) + two.GetElement(1);
            return Unsafe.As<double, T>(ref total);
        }
        return TreeTotal(this);
    }

    /// <summary>The same halving tree, lane by lane, for element types without vectors.</summary>
    private static T TreeTotal(RowAccumulator<T> lanes)
    {
        for (int width = Lanes / 2; width >= 1; width /= 2)
        {
            for (int i = 0; i < width; i++) lanes[i] += lanes[i + width];
        }
        return lanes[0];
    }

    /// <summary>Sets every lane to zero.</summary>
    public void Clear() => ((Span<T>)this).Clear();
}
