using System.Numerics;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>Rejects index tensors that point outside the array they index, before anything is read or written.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class IndexCheck
{
    /// <summary>
    /// Throws for the first element of <paramref name="indices"/> outside <c>[0, limit)</c>; does nothing when all are
    /// inside.
    /// </summary>
    /// <param name="indices">The indices.</param>
    /// <param name="limit">One past the largest valid index: the length of the indexed axis.</param>
    /// <param name="parameterName">The name the error reports, e.g. <c>"targets"</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An index is negative or at least <paramref name="limit"/>: the exception's <c>ParamName</c> is
    /// <paramref name="parameterName"/> and its message names the value, its position and the valid range, e.g.
    /// <c>'y' holds 27 at position 5, outside [0, 27).</c> Also thrown, for <c>limit</c>, when
    /// <paramref name="limit"/> is negative.
    /// </exception>
    public static void InRange(ReadOnlySpan<int> indices, int limit, string parameterName)
    {
        using var profile = KernelProfiler.Measure("index check");
        ArgumentOutOfRangeException.ThrowIfNegative(limit);

        // As unsigned, a negative index is larger than any limit, so one comparison catches both ends.
        ReadOnlySpan<uint> values = MemoryMarshal.Cast<int, uint>(indices);
        int position = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var bound = new Vector<uint>((uint)limit);
            for (; position <= values.Length - Vector<uint>.Count; position += Vector<uint>.Count)
            {
                if (Vector.GreaterThanOrEqualAny(new Vector<uint>(values.Slice(position)), bound)) break;
            }
        }
        for (; position < values.Length; position++)
        {
            if (values[position] >= (uint)limit)
            {
                int value = indices[position];
                throw new ArgumentOutOfRangeException(parameterName,
                    $"'{parameterName}' holds {value} at position {position}, outside [0, {limit}).");
            }
        }
    }
}
