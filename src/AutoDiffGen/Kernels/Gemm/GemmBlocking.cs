using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>Cache block sizes of the blocked GEMM: the depth of a packed panel and the rows/columns it covers.</summary>
/// <param name="Kc">Depth of a packed block; a KC × NR sliver of B stays in L1 while a column of tiles is computed.</param>
/// <param name="Mc">Rows of a packed block of A, which stays in L2 while it meets every sliver of the B panel.</param>
/// <param name="Nc">Columns of a packed panel of B, which stays in L3 while every block of A passes by.</param>
internal readonly record struct GemmBlockSizes(int Kc, int Mc, int Nc);

/// <summary>
/// The Goto/BLIS loop nest around a micro-kernel: panel of B (jc, pc) → block of A (ic) → tile column (jr) →
/// tile (ir). Every loop level works on packed copies, so transposes are the packing's business only, and ragged edges
/// the packing's (zero padding) and <see cref="GemmTile"/>'s.
/// </summary>
internal static class GemmBlocking
{
    /// <summary>The block sizes a kernel uses on this machine (<see cref="GemmTuning"/>).</summary>
    public static GemmBlockSizes SizesFor<T, TKernel>()
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
        => GemmTuning.BlockSizes<T, TKernel>();

    /// <summary>
    /// <c>c (+)= op(a)·op(b)</c> for validated, non-empty sizes, plus <paramref name="row"/> in every row unless it is
    /// empty (added by the micro-kernel as each tile of the last block of k is stored).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TKernel>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate, GemmBlockSizes sizes, ReadOnlySpan<T> row = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
        => Run<T, TKernel>(a, b, c, m, n, k, transposeA, transposeB, accumulate, sizes, new GemmBlock(0, m, 0, n), row);

    /// <summary>
    /// Rows and columns <paramref name="block"/> of <c>c (+)= op(a)·op(b)</c> (plus <paramref name="row"/>, unless it
    /// is empty), for validated, non-empty sizes. Each
    /// element comes out the same whatever block it is computed in, so blocks can go to different threads.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TKernel>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate, GemmBlockSizes sizes, GemmBlock block, ReadOnlySpan<T> row = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        int mr = TKernel.MR, nr = TKernel.NR;

        // Even splits: k = 300 becomes two blocks of 150, not 256 + 44, so no block is starved of reuse.
        int kcMax = Split(k, sizes.Kc, 1);
        int mcMax = Split(block.Rows, sizes.Mc, mr);
        int ncMax = Split(block.Columns, sizes.Nc, nr);
        Span<T> packedA = GemmWorkspace<T>.PackedA(mcMax * kcMax);
        Span<T> packedB = GemmWorkspace<T>.PackedB(ncMax * kcMax);
        Span<T> tile = GemmWorkspace<T>.Tile(mr * nr);

        for (int jc = block.Column; jc < block.ColumnEnd; jc += ncMax)
        {
            int nc = Math.Min(ncMax, block.ColumnEnd - jc);
            ref T panelRow = ref GemmWorkspace<T>.PaddedRow(row.IsEmpty ? row : row.Slice(jc, nc), (nc + nr - 1) / nr, nr);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                bool loadC = accumulate || pc > 0;
                GemmPacking.PackB(b, transposeB, n, k, pc, jc, kc, nc, nr, packedB);
                for (int ic = block.Row; ic < block.RowEnd; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, block.RowEnd - ic);
                    GemmPacking.PackA(a, transposeA, m, k, ic, pc, mc, kc, mr, packedA);
                    // The bias goes in with the last block of k, when each element's chain is complete.
                    MacroKernel<T, TKernel>(packedA, packedB, c.Slice(ic * n + jc), n, mc, nc, kc, loadC, tile,
                        ref pc + kc == k ? ref panelRow : ref Unsafe.NullRef<T>());
                }
            }
        }
    }

    /// <summary>Every tile of one packed A block against one packed B panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MacroKernel<T, TKernel>(Span<T> packedA, Span<T> packedB, Span<T> c, int ldc, int mc, int nc, int kc,
        bool loadC, Span<T> tile, ref T row)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        ref T aBase = ref MemoryMarshal.GetReference(packedA);
        ref T bBase = ref MemoryMarshal.GetReference(packedB);
        ref T cBase = ref MemoryMarshal.GetReference(c);
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            ref T bSliver = ref Unsafe.Add(ref bBase, (nint)jr * kc);
            ref readonly T tileRow = ref Unsafe.IsNullRef(ref row) ? ref row : ref Unsafe.Add(ref row, jr);
            for (int ir = 0; ir < mc; ir += mr)
            {
                int rows = Math.Min(mr, mc - ir);
                ref T aSliver = ref Unsafe.Add(ref aBase, (nint)ir * kc);
                GemmTile.Run<T, TKernel>(kc, ref aSliver, 1, mr, ref bSliver, nr, ref Unsafe.Add(ref cBase, (nint)ir * ldc + jr), ldc,
                    rows, cols, loadC, ref MemoryMarshal.GetReference(tile), in tileRow);
            }
        }
    }

    /// <summary>The block size for <paramref name="total"/> split into equal blocks of at most <paramref name="block"/>, rounded up to a multiple.</summary>
    private static int Split(int total, int block, int multiple)
    {
        int count = (total + block - 1) / block;
        int size = (total + count - 1) / count;
        return (size + multiple - 1) / multiple * multiple;
    }
}
