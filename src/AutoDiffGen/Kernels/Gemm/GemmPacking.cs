using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Copies blocks of op(A) and op(B) into the sliver layout the micro-kernel walks: contiguous, unit stride, padded
/// with zeros to whole slivers. This is where transposes are resolved — each operand is read in place, in whichever
/// order its storage makes cheap — and where ragged edges become full tiles.
/// </summary>
internal static class GemmPacking
{
    /// <summary>
    /// Packs <c>op(a)[i0 .. i0+mc, p0 .. p0+kc]</c> as slivers of <paramref name="mr"/> rows: sliver <c>s</c> starts at
    /// <c>s·mr·kc</c> and holds, for each <c>p</c>, the <paramref name="mr"/> values of column <c>p</c>. A is stored
    /// <c>[m, k]</c>, or <c>[k, m]</c> when <paramref name="transposed"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA<T>(ReadOnlySpan<T> a, bool transposed, int m, int k, int i0, int p0, int mc, int kc, int mr, Span<T> packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T source = ref MemoryMarshal.GetReference(a);
        ref T destination = ref MemoryMarshal.GetReference(packed);
        if (transposed)
        {
            // Column p of op(a) is row p of the storage, so each sliver takes mr contiguous values per step. Rows of
            // the storage may be a large power of two apart, each on its own page where hardware prefetch stops:
            // take 16 of them at a time across all slivers, so every cache line fetched is used in full while it
            // is still in L1.
            const int Steps = 16;
            for (int pc = 0; pc < kc; pc += Steps)
            {
                int steps = Math.Min(Steps, kc - pc);
                ref T rows = ref Unsafe.Add(ref source, (nint)(p0 + pc) * m + i0);
                for (int ir = 0; ir < mc; ir += mr)
                {
                    CopyRows(ref Unsafe.Add(ref rows, ir), m, ref Unsafe.Add(ref destination, (nint)ir * kc + (nint)pc * mr), mr, steps,
                        Math.Min(mr, mc - ir));
                }
            }
        }

        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            ref T sliver = ref Unsafe.Add(ref destination, (nint)ir * kc);
            if (!transposed)
                TransposeRows(ref Unsafe.Add(ref source, (nint)(i0 + ir) * k + p0), k, ref sliver, mr, rows, kc);
            if (rows < mr) ZeroColumns(ref sliver, mr, kc, rows);
        }
    }

    /// <summary>
    /// Packs <c>op(b)[p0 .. p0+kc, j0 .. j0+nc]</c> as slivers of <paramref name="nr"/> columns: sliver <c>t</c> starts at
    /// <c>t·nr·kc</c> and holds, for each <c>p</c>, the <paramref name="nr"/> values of row <c>p</c>. B is stored
    /// <c>[k, n]</c>, or <c>[n, k]</c> when <paramref name="transposed"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(ReadOnlySpan<T> b, bool transposed, int n, int k, int p0, int j0, int kc, int nc, int nr, Span<T> packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T source = ref MemoryMarshal.GetReference(b);
        ref T destination = ref MemoryMarshal.GetReference(packed);
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            ref T sliver = ref Unsafe.Add(ref destination, (nint)jr * kc);
            if (transposed)
                TransposeRows(ref Unsafe.Add(ref source, (nint)(j0 + jr) * k + p0), k, ref sliver, nr, cols, kc);
            else
                CopyRows(ref Unsafe.Add(ref source, (nint)p0 * n + j0 + jr), n, ref sliver, nr, kc, cols);
            if (cols < nr) ZeroColumns(ref sliver, nr, kc, cols);
        }
    }

    /// <summary>
    /// <c>to[p·toStride + j] = from[p·fromStride + j]</c> for <c>p &lt; count</c>, <c>j &lt; width</c>: the operand is
    /// already laid out along the sliver's rows. Sliver by sliver (rather than whole rows at a time) keeps the writes
    /// in one sliver, which matters when slivers sit a power of two apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRows<T>(ref T from, nint fromStride, ref T to, nint toStride, int count, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = 0; p < count; p++)
        {
            Copy(ref from, ref to, width);
            from = ref Unsafe.Add(ref from, fromStride);
            to = ref Unsafe.Add(ref to, toStride);
        }
    }

    /// <summary>
    /// <c>to[p·toStride + r] = from[r·fromStride + p]</c> for <c>r &lt; rows</c>, <c>p &lt; count</c>: rows of the
    /// operand become columns of the sliver, in 8 × 8 register blocks where the hardware allows. A last group of fewer
    /// than 8 rows still goes through a block when the sliver has room for 8 columns there: the extra columns get
    /// zeros, which is what the padding holds anyway.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeRows<T>(ref T from, nint fromStride, ref T to, nint toStride, int rows, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int r = 0;
        if (GemmTranspose.IsAccelerated<T>())
        {
            for (; r < rows && (r + 8 <= rows || r + 8 <= toStride); r += 8)
            {
                int group = Math.Min(8, rows - r);
                ref T block = ref Unsafe.Add(ref from, r * fromStride);
                int p = 0;
                for (; p + 8 <= count; p += 8)
                    GemmTranspose.Transpose8x8(ref Unsafe.Add(ref block, p), fromStride, ref Unsafe.Add(ref to, p * toStride + r), toStride, group);
                for (int q = 0; q < group; q++)
                {
                    ref T row = ref Unsafe.Add(ref block, q * fromStride);
                    for (int t = p; t < count; t++) Unsafe.Add(ref to, t * toStride + r + q) = Unsafe.Add(ref row, t);
                }
            }
        }
        for (; r < rows; r++)
        {
            ref T row = ref Unsafe.Add(ref from, r * fromStride);
            for (int p = 0; p < count; p++) Unsafe.Add(ref to, p * toStride + r) = Unsafe.Add(ref row, p);
        }
    }

    /// <summary>Zeroes columns <c>used .. stride</c> of <paramref name="count"/> sliver rows: the padding of a ragged edge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ZeroColumns<T>(ref T sliver, nint stride, int count, int used)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = (int)stride - used;
        ref T row = ref Unsafe.Add(ref sliver, used);
        for (int p = 0; p < count; p++)
        {
            if (Vector512.IsHardwareAccelerated && width >= Vector512<T>.Count) Clear<T, Simd512<T>>(ref row, width);
            else if (Vector256.IsHardwareAccelerated && width >= Vector256<T>.Count) Clear<T, Simd256<T>>(ref row, width);
            else if (Vector128.IsHardwareAccelerated && width >= Vector128<T>.Count) Clear<T, Simd128<T>>(ref row, width);
            else
            {
                for (int j = 0; j < width; j++) Unsafe.Add(ref row, j) = T.Zero;
            }
            row = ref Unsafe.Add(ref row, stride);
        }
    }

    /// <summary>Zeroes <paramref name="count"/> ≥ one register of elements, the last register ending exactly at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear<T, TSimd>(ref T to, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        TSimd zero = TSimd.Splat(T.Zero);
        nint last = count - TSimd.Count;
        for (nint i = 0; i < last; i += TSimd.Count) TSimd.Store(zero, ref to, i);
        TSimd.Store(zero, ref to, last);
    }

    /// <summary>
    /// Copies a short run between distinct buffers; inlined vector steps beat a memmove call for the 6–64 elements of
    /// a sliver row or tile row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Copy<T>(ref T from, ref T to, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated && count >= Vector512<T>.Count) Copy<T, Simd512<T>>(ref from, ref to, count);
        else if (Vector256.IsHardwareAccelerated && count >= Vector256<T>.Count) Copy<T, Simd256<T>>(ref from, ref to, count);
        else if (Vector128.IsHardwareAccelerated && count >= Vector128<T>.Count) Copy<T, Simd128<T>>(ref from, ref to, count);
        else
        {
            for (int i = 0; i < count; i++) Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
        }
    }

    /// <summary>
    /// Whole registers for <paramref name="count"/> ≥ one register, the last one ending exactly at
    /// <paramref name="count"/>: it may rewrite a few elements with the same values, which costs less than a tail loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy<T, TSimd>(ref T from, ref T to, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        nint last = count - TSimd.Count;
        for (nint i = 0; i < last; i += TSimd.Count) TSimd.Store(TSimd.Load(in from, i), ref to, i);
        TSimd.Store(TSimd.Load(in from, last), ref to, last);
    }
}
