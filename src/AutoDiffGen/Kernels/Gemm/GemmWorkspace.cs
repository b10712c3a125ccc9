using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Per-thread packing buffers, grown on demand and then reused, so a steady stream of GEMM calls allocates nothing.
/// The arrays live on the pinned object heap, which lets each buffer start on a 64-byte boundary, so the rows of a
/// packed B sliver (32 floats or 16 doubles) are whole cache lines and no vector load straddles two. A buffer keeps
/// its largest size for the life of the thread: a few MiB at most (a KC × NC panel of B).
/// </summary>
internal static class GemmWorkspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Alignment = 64;

    [ThreadStatic] private static T[]? t_packedA;
    [ThreadStatic] private static int t_packedAStart;
    [ThreadStatic] private static T[]? t_packedB;
    [ThreadStatic] private static int t_packedBStart;
    [ThreadStatic] private static T[]? t_tile;
    [ThreadStatic] private static int t_tileStart;
    [ThreadStatic] private static T[]? t_row;
    [ThreadStatic] private static int t_rowStart;

    /// <summary>Room for a packed block of A (MC × KC, rounded up to whole slivers).</summary>
    public static Span<T> PackedA(int length) => Get(ref t_packedA, ref t_packedAStart, length);

    /// <summary>Room for a packed panel of B (KC × NC, rounded up to whole slivers).</summary>
    public static Span<T> PackedB(int length) => Get(ref t_packedB, ref t_packedBStart, length);

    /// <summary>Room for one C tile, used where a tile hangs over the edge of C.</summary>
    public static Span<T> Tile(int length) => Get(ref t_tile, ref t_tileStart, length);

    /// <summary>
    /// A bias row padded with zeros to whole slivers (the micro-kernel reads a tile's width of it), or a null reference
    /// when <paramref name="row"/> is empty.
    /// </summary>
    public static ref T PaddedRow(ReadOnlySpan<T> row, int slivers, int nr)
    {
        if (row.IsEmpty) return ref Unsafe.NullRef<T>();
        Span<T> padded = Get(ref t_row, ref t_rowStart, slivers * nr);
        row.CopyTo(padded);
        padded.Slice(row.Length).Clear();
        return ref MemoryMarshal.GetReference(padded);
    }

    private static Span<T> Get(ref T[]? array, ref int start, int length)
    {
        if (array is null || array.Length - start < length)
        {
            // Round up so that nearby sizes reuse the buffer instead of growing it step by step.
            int size = checked((length + 4095) & ~4095) + Alignment / Unsafe.SizeOf<T>();
            array = GC.AllocateUninitializedArray<T>(size, pinned: true);
            long address = Marshal.UnsafeAddrOfPinnedArrayElement(array, 0);
            start = (int)((Alignment - address % Alignment) % Alignment) / Unsafe.SizeOf<T>();
        }
        return array.AsSpan(start, length);
    }
}
