using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel: updates one whole <c>MR × NR</c> tile of C from a sliver of A (MR rows) and a
/// sliver of B (NR columns). It never sees a transpose or an edge: packing resolves those, and the callers route
/// ragged tiles through a scratch tile. What remains are plain strides, so an operand already laid out the right way
/// can be read in place.
/// </summary>
internal interface IGemmMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the C tile (rows of an A sliver).</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the C tile (columns of a B sliver).</summary>
    static abstract int NR { get; }

    /// <summary>Columns of the tile of <see cref="RunNarrow"/>, for a last column sliver that is at most this wide.</summary>
    static abstract int NarrowNR { get; }

    /// <summary>
    /// <c>c[i·ldc + j] = c0[i, j] + Σₚ a[i·aRow + p·aCol]·b[p·bRow + j]</c> for the full tile, where <c>c0</c> is the
    /// tile of <paramref name="c"/> when <paramref name="loadC"/> and zero otherwise. Each element is one fused
    /// multiply-add chain in increasing <c>p</c>, so splitting k into blocks does not change a single bit of the result.
    /// A packed sliver has <c>aRow = 1, aCol = MR</c> and <c>bRow = NR</c>; other strides read an operand in place.
    /// Unless <paramref name="row"/> is a null reference, its NR values are then added to every row of the tile (a
    /// bias), after the chain, so each element rounds as adding the bias afterwards would.
    /// </summary>
    static abstract void Run(nint kc, ref T a, nint aRow, nint aCol, ref T b, nint bRow, ref T c, nint ldc, bool loadC, ref readonly T row);

    /// <summary>
    /// <see cref="Run"/> for only the first <see cref="NarrowNR"/> columns of the tile (B rows are still
    /// <paramref name="bRow"/> apart), so a nearly empty last sliver does not pay for a full tile.
    /// </summary>
    static abstract void RunNarrow(nint kc, ref T a, nint aRow, nint aCol, ref T b, nint bRow, ref T c, nint ldc, bool loadC, ref readonly T row);
}
