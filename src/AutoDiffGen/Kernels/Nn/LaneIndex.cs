using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>0, 1, 2, … as <typeparamref name="T"/>: lane i of a register loaded from <see cref="First"/> holds i.</summary>
internal static class LaneIndex<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T[] Values = Enumerable.Range(0, RowAccumulator<float>.Lanes).Select(i => T.CreateTruncating(i)).ToArray();

    public static ref readonly T First => ref MemoryMarshal.GetArrayDataReference(Values);
}
