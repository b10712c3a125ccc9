using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Sixteen lanes of running sums for a reduction along a row, filled by registers of any width: lane i collects
/// every element whose column is i modulo the register width. <see cref="Total"/> adds the lanes in order, so
/// the result depends only on the row length, never on timing.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[InlineArray(Lanes)]
public struct RowAccumulator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The widest register's lane count for <see cref="float"/>.</summary>
    public const int Lanes = 16;

    private T _lane0;

    /// <summary>Adds <paramref name="value"/>'s lanes to the first <c>TSimd.Count</c> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<TSimd>(TSimd value) where TSimd : struct, ISimd<TSimd, T>
        => TSimd.Store(TSimd.Load(ref _lane0, 0) + value, ref _lane0, 0);

    /// <summary>The sum of all lanes, lane 0 first.</summary>
    public readonly T Total()
    {
        T total = T.Zero;
        foreach (T lane in this) total += lane;
        return total;
    }

    /// <summary>Sets every lane to zero.</summary>
    public void Clear() => ((Span<T>)this).Clear();
}
