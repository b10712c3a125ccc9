using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// GEMM for small operands, read in place by the micro-kernel wherever a whole tile's worth of them is contiguous
/// along the vector direction. When everything fits in L1/L2 there is too little reuse for packing to pay back its
/// copy, so only what the kernel cannot read in place is packed: ragged edge slivers and a transposed B.
/// </summary>
internal static class GemmDirect
{
    /// <summary>Whether this path beats <see cref="GemmBlocking"/> for a product of these sizes (measured, not derived).</summary>
    public static bool IsPreferred<T, TKernel>(int m, int n, int k, bool transposeA, bool transposeB)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        int size = Unsafe.SizeOf<T>();

        // Past about 400³ floats packing always pays for itself; the two paths are even well before that.
        if ((long)m * n * k * size > 1L << 28) return false;

        // One tile runs the whole depth and the edge slivers are packed k deep: keep those buffers small.
        if (k > 4096) return false;

        // A transposed B is packed whole here; keep that within the panel the blocked path would pack.
        if (transposeB && (long)k * n * size > 1L << 22) return false;

        // B read in place is revisited by every row of tiles. When its rows are a multiple of 2 KiB apart they all
        // land in a few cache sets and evict each other, so packing wins once there are more than two rows of tiles.
        if (!transposeB && m > 2 * TKernel.MR && n * size % 2048 == 0) return false;

        // A transposed A read in place costs a cache line per step of k for only MR values; with many columns of
        // tiles revisiting it, a packed copy is cheaper once those lines are far apart.
        if (transposeA && n > 4 * TKernel.NR && m * size >= 512) return false;
        return true;
    }

    /// <summary>
    /// <c>c (+)= op(a)·op(b)</c> for validated, non-empty sizes, in one pass over k, plus <paramref name="row"/> in
    /// every row unless it is empty (added by the micro-kernel as each tile is stored).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TKernel>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate, ReadOnlySpan<T> row = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
        => Run<T, TKernel>(a, b, c, m, n, k, transposeA, transposeB, accumulate, new GemmBlock(0, m, 0, n), row);

    /// <summary>
    /// Rows and columns <paramref name="block"/> of <c>c (+)= op(a)·op(b)</c> (plus <paramref name="row"/>, unless it
    /// is empty), for validated, non-empty sizes, in one pass over k. Tiles start at the block's corner, so blocks that start on whole tiles of C cut no tile in two.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TKernel>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate, GemmBlock block, ReadOnlySpan<T> row = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        int rowEnd = block.RowEnd, columnEnd = block.ColumnEnd;
        int mFull = rowEnd - block.Rows % mr, nFull = columnEnd - block.Columns % nr;

        // A's last, partial sliver is packed once (zero rows pad it) and reused against every column of tiles.
        Span<T> edgeA = GemmWorkspace<T>.PackedA(rowEnd > mFull ? mr * k : 0);
        if (rowEnd > mFull) GemmPacking.PackA(a, transposeA, m, k, mFull, 0, rowEnd - mFull, k, mr, edgeA);

        // A transposed B must be packed in full; otherwise only the last, partial sliver is.
        int slivers = (block.Columns + nr - 1) / nr;
        Span<T> packedB = GemmWorkspace<T>.PackedB(transposeB ? slivers * nr * k : columnEnd > nFull ? nr * k : 0);
        if (transposeB) GemmPacking.PackB(b, true, n, k, 0, block.Column, k, block.Columns, nr, packedB);
        else if (columnEnd > nFull) GemmPacking.PackB(b, false, n, k, 0, nFull, k, columnEnd - nFull, nr, packedB);

        Span<T> tile = GemmWorkspace<T>.Tile(mr * nr);
        ref T paddedRow = ref GemmWorkspace<T>.PaddedRow(row.IsEmpty ? row : row.Slice(block.Column, block.Columns), slivers, nr);
        ref T aBase = ref MemoryMarshal.GetReference(a);
        ref T bBase = ref MemoryMarshal.GetReference(b);
        ref T cBase = ref MemoryMarshal.GetReference(c);
        ref T edgeABase = ref MemoryMarshal.GetReference(edgeA);
        ref T packedBBase = ref MemoryMarshal.GetReference(packedB);
        ref T scratch = ref MemoryMarshal.GetReference(tile);

        for (int jr = block.Column; jr < columnEnd; jr += nr)
        {
            int cols = Math.Min(nr, columnEnd - jr);
            ref T bSliver = ref transposeB ? ref Unsafe.Add(ref packedBBase, (nint)(jr - block.Column) * k)
                : ref cols == nr ? ref Unsafe.Add(ref bBase, jr) : ref packedBBase;
            nint bRow = !transposeB && cols == nr ? n : nr;
            ref readonly T tileRow = ref Unsafe.IsNullRef(ref paddedRow) ? ref paddedRow : ref Unsafe.Add(ref paddedRow, jr - block.Column);

            for (int ir = block.Row; ir < rowEnd; ir += mr)
            {
                int rows = Math.Min(mr, rowEnd - ir);
                ref T aSliver = ref edgeABase;
                nint aRow = 1, aCol = mr;
                if (rows == mr)
                {
                    aSliver = ref transposeA ? ref Unsafe.Add(ref aBase, ir) : ref Unsafe.Add(ref aBase, (nint)ir * k);
                    aRow = transposeA ? 1 : k;
                    aCol = transposeA ? m : 1;
                }

                GemmTile.Run<T, TKernel>(k, ref aSliver, aRow, aCol, ref bSliver, bRow, ref Unsafe.Add(ref cBase, (nint)ir * n + jr), n,
                    rows, cols, accumulate, ref scratch, in tileRow);
            }
        }
    }
}
