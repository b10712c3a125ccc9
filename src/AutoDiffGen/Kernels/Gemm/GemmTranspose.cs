using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Kernels;

/// <summary>
/// In-register 8 × 8 block transposes for the packing routines. Packing a row-major A (or a transposed B) turns rows
/// into columns; element by element that is a strided scalar copy, block by block it is eight loads, 24 shuffles and
/// eight stores.
/// </summary>
internal static class GemmTranspose
{
    /// <summary>Whether <see cref="Transpose8x8"/> runs on vector instructions for <typeparamref name="T"/> here.</summary>
    public static bool IsAccelerated<T>()
        => (typeof(T) == typeof(float) && Avx.IsSupported) || (typeof(T) == typeof(double) && Avx512F.IsSupported);

    /// <summary>
    /// <c>to[c·toStride + r] = from[r·fromStride + c]</c> for <c>r, c &lt; 8</c>; rows from <paramref name="rows"/> on
    /// are not read and transpose as zeros. Only valid when <see cref="IsAccelerated{T}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose8x8<T>(ref T from, nint fromStride, ref T to, nint toStride, int rows = 8)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) Transpose8x8Single(ref Unsafe.As<T, float>(ref from), fromStride, ref Unsafe.As<T, float>(ref to), toStride, rows);
        else Transpose8x8Double(ref Unsafe.As<T, double>(ref from), fromStride, ref Unsafe.As<T, double>(ref to), toStride, rows);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8Single(ref float from, nint fromStride, ref float to, nint toStride, int rows)
    {
        var r0 = Vector256.LoadUnsafe(ref from, 0);
        var r1 = rows > 1 ? Vector256.LoadUnsafe(ref from, (nuint)fromStride) : default;
        var r2 = rows > 2 ? Vector256.LoadUnsafe(ref from, (nuint)(2 * fromStride)) : default;
        var r3 = rows > 3 ? Vector256.LoadUnsafe(ref from, (nuint)(3 * fromStride)) : default;
        var r4 = rows > 4 ? Vector256.LoadUnsafe(ref from, (nuint)(4 * fromStride)) : default;
        var r5 = rows > 5 ? Vector256.LoadUnsafe(ref from, (nuint)(5 * fromStride)) : default;
        var r6 = rows > 6 ? Vector256.LoadUnsafe(ref from, (nuint)(6 * fromStride)) : default;
        var r7 = rows > 7 ? Vector256.LoadUnsafe(ref from, (nuint)(7 * fromStride)) : default;

        // Interleave pairs of rows, then pairs of pairs within each 128-bit half, then swap the halves across.
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);

        var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref to, 0);
        Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref to, (nuint)toStride);
        Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref to, (nuint)(2 * toStride));
        Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref to, (nuint)(3 * toStride));
        Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref to, (nuint)(4 * toStride));
        Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref to, (nuint)(5 * toStride));
        Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref to, (nuint)(6 * toStride));
        Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref to, (nuint)(7 * toStride));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8Double(ref double from, nint fromStride, ref double to, nint toStride, int rows)
    {
        var r0 = Vector512.LoadUnsafe(ref from, 0);
        var r1 = rows > 1 ? Vector512.LoadUnsafe(ref from, (nuint)fromStride) : default;
        var r2 = rows > 2 ? Vector512.LoadUnsafe(ref from, (nuint)(2 * fromStride)) : default;
        var r3 = rows > 3 ? Vector512.LoadUnsafe(ref from, (nuint)(3 * fromStride)) : default;
        var r4 = rows > 4 ? Vector512.LoadUnsafe(ref from, (nuint)(4 * fromStride)) : default;
        var r5 = rows > 5 ? Vector512.LoadUnsafe(ref from, (nuint)(5 * fromStride)) : default;
        var r6 = rows > 6 ? Vector512.LoadUnsafe(ref from, (nuint)(6 * fromStride)) : default;
        var r7 = rows > 7 ? Vector512.LoadUnsafe(ref from, (nuint)(7 * fromStride)) : default;

        // Interleave pairs of rows into 128-bit pairs, then gather those pairs across lanes in two steps.
        var t0 = Avx512F.UnpackLow(r0, r1); var t1 = Avx512F.UnpackHigh(r0, r1);
        var t2 = Avx512F.UnpackLow(r2, r3); var t3 = Avx512F.UnpackHigh(r2, r3);
        var t4 = Avx512F.UnpackLow(r4, r5); var t5 = Avx512F.UnpackHigh(r4, r5);
        var t6 = Avx512F.UnpackLow(r6, r7); var t7 = Avx512F.UnpackHigh(r6, r7);

        var u0 = Avx512F.Shuffle4x128(t0, t2, 0x88); var u1 = Avx512F.Shuffle4x128(t0, t2, 0xDD);
        var u2 = Avx512F.Shuffle4x128(t4, t6, 0x88); var u3 = Avx512F.Shuffle4x128(t4, t6, 0xDD);
        var u4 = Avx512F.Shuffle4x128(t1, t3, 0x88); var u5 = Avx512F.Shuffle4x128(t1, t3, 0xDD);
        var u6 = Avx512F.Shuffle4x128(t5, t7, 0x88); var u7 = Avx512F.Shuffle4x128(t5, t7, 0xDD);

        Avx512F.Shuffle4x128(u0, u2, 0x88).StoreUnsafe(ref to, 0);
        Avx512F.Shuffle4x128(u4, u6, 0x88).StoreUnsafe(ref to, (nuint)toStride);
        Avx512F.Shuffle4x128(u1, u3, 0x88).StoreUnsafe(ref to, (nuint)(2 * toStride));
        Avx512F.Shuffle4x128(u5, u7, 0x88).StoreUnsafe(ref to, (nuint)(3 * toStride));
        Avx512F.Shuffle4x128(u0, u2, 0xDD).StoreUnsafe(ref to, (nuint)(4 * toStride));
        Avx512F.Shuffle4x128(u4, u6, 0xDD).StoreUnsafe(ref to, (nuint)(5 * toStride));
        Avx512F.Shuffle4x128(u1, u3, 0xDD).StoreUnsafe(ref to, (nuint)(6 * toStride));
        Avx512F.Shuffle4x128(u5, u7, 0xDD).StoreUnsafe(ref to, (nuint)(7 * toStride));
    }
}
