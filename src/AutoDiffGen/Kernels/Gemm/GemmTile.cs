using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Runs the micro-kernel on one tile of C. Ragged tiles at the bottom and right edges are computed in full on a
/// scratch tile and only their inside is copied to C: no masked stores, and the kernel stays branch-free.
/// </summary>
internal static class GemmTile
{
    /// <summary>
    /// One tile of C (<paramref name="rows"/> × <paramref name="cols"/> of it inside C): straight into C when it is
    /// whole, else computed in full on <paramref name="scratch"/> (<c>MR × NR</c>) and only its inside copied out. A
    /// last sliver of at most <see cref="IGemmMicroKernel{T}.NarrowNR"/> columns runs the narrow kernel.
    /// <paramref name="row"/> is the bias at the tile's first column, padded to a whole tile, or a null reference.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TKernel>(nint kc, ref T a, nint aRow, nint aCol, ref T b, nint bRow, ref T c, nint ldc,
        int rows, int cols, bool loadC, ref T scratch, ref readonly T row)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        bool narrow = cols <= TKernel.NarrowNR;
        bool whole = rows == TKernel.MR && cols == (narrow ? TKernel.NarrowNR : TKernel.NR);
        ref T target = ref whole ? ref c : ref scratch;
        nint stride = whole ? ldc : TKernel.NR;
        if (!whole && loadC) Copy(ref c, ldc, ref scratch, stride, rows, cols);
        if (narrow) TKernel.RunNarrow(kc, ref a, aRow, aCol, ref b, bRow, ref target, stride, loadC, in row);
        else TKernel.Run(kc, ref a, aRow, aCol, ref b, bRow, ref target, stride, loadC, in row);
        if (!whole) Copy(ref scratch, stride, ref c, ldc, rows, cols);
    }

    /// <summary>Copies a <paramref name="rows"/> × <paramref name="cols"/> corner between two strided tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Copy<T>(ref T from, nint fromStride, ref T to, nint toStride, int rows, int cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
            GemmPacking.Copy(ref Unsafe.Add(ref from, r * fromStride), ref Unsafe.Add(ref to, r * toStride), cols);
    }
}
