using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The wide AVX-512 micro-kernel: a 6 × 64 float (6 × 32 double) tile, i.e. 6 rows × 4 <see cref="Vector512{T}"/>, and
/// a 6 × 2-register variant for a last column sliver that is at most half full.
/// </summary>
/// <remarks>
/// 24 accumulators + 4 B vectors + 1 broadcast = 29 of the 32 zmm registers. Per step of k it issues 10 loads for 24
/// FMAs where <see cref="GemmMicroKernel512{T}"/> issues 10 for 16: on a core whose loads or broadcasts compete with
/// its FMA ports, fewer loads per FMA can be the difference; on one with spare load bandwidth the two are even, and
/// the narrower tile wastes less on ragged edges. <see cref="GemmTuning"/> chooses between them per machine.
/// </remarks>
internal readonly struct GemmMicroKernel512Wide<T> : IGemmMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int MR => 6;

    /// <inheritdoc/>
    public static int NR => 4 * Vector512<T>.Count;

    /// <inheritdoc/>
    public static int NarrowNR => 2 * Vector512<T>.Count;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, ref T a, nint aRow, nint aCol, ref T b, nint bRow, ref T c, nint ldc, bool loadC, ref readonly T row)
    {
        nint W = Vector512<T>.Count;
        nint r1 = aRow, r2 = 2 * aRow;
        ref T a3x = ref Unsafe.Add(ref a, 3 * aRow);
        Vector512<T> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33, c40, c41, c42, c43, c50, c51, c52, c53;
        if (loadC)
        {
            (c00, c01, c02, c03) = Load4(ref c, 0 * ldc, W); (c10, c11, c12, c13) = Load4(ref c, 1 * ldc, W);
            (c20, c21, c22, c23) = Load4(ref c, 2 * ldc, W); (c30, c31, c32, c33) = Load4(ref c, 3 * ldc, W);
            (c40, c41, c42, c43) = Load4(ref c, 4 * ldc, W); (c50, c51, c52, c53) = Load4(ref c, 5 * ldc, W);
        }
        else
        {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = Vector512<T>.Zero;
            c30 = c31 = c32 = c33 = c40 = c41 = c42 = c43 = c50 = c51 = c52 = c53 = Vector512<T>.Zero;
        }

        for (nint p = 0; p < kc; p++)
        {
            // One row of the B sliver, then each row of A broadcast against it: 24 independent FMAs.
            var b0 = Vector512.LoadUnsafe(ref b, (nuint)(0 * W));
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)(1 * W));
            var b2 = Vector512.LoadUnsafe(ref b, (nuint)(2 * W));
            var b3 = Vector512.LoadUnsafe(ref b, (nuint)(3 * W));
            var a0 = Vector512.Create(a);
            c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01); c02 = Fma(a0, b2, c02); c03 = Fma(a0, b3, c03);
            var a1 = Vector512.Create(Unsafe.Add(ref a, r1));
            c10 = Fma(a1, b0, c10); c11 = Fma(a1, b1, c11); c12 = Fma(a1, b2, c12); c13 = Fma(a1, b3, c13);
            var a2 = Vector512.Create(Unsafe.Add(ref a, r2));
            c20 = Fma(a2, b0, c20); c21 = Fma(a2, b1, c21); c22 = Fma(a2, b2, c22); c23 = Fma(a2, b3, c23);
            var a3 = Vector512.Create(a3x);
            c30 = Fma(a3, b0, c30); c31 = Fma(a3, b1, c31); c32 = Fma(a3, b2, c32); c33 = Fma(a3, b3, c33);
            var a4 = Vector512.Create(Unsafe.Add(ref a3x, r1));
            c40 = Fma(a4, b0, c40); c41 = Fma(a4, b1, c41); c42 = Fma(a4, b2, c42); c43 = Fma(a4, b3, c43);
            var a5 = Vector512.Create(Unsafe.Add(ref a3x, r2));
            c50 = Fma(a5, b0, c50); c51 = Fma(a5, b1, c51); c52 = Fma(a5, b2, c52); c53 = Fma(a5, b3, c53);
            a = ref Unsafe.Add(ref a, aCol);
            a3x = ref Unsafe.Add(ref a3x, aCol);
            b = ref Unsafe.Add(ref b, bRow);
        }

        if (!Unsafe.IsNullRef(in row))
        {
            // The bias epilogue: added after the whole chain, so it rounds as adding it afterwards would.
            var (bias0, bias1, bias2, bias3) = Load4(ref Unsafe.AsRef(in row), 0, W);
            c00 += bias0; c01 += bias1; c02 += bias2; c03 += bias3; c10 += bias0; c11 += bias1; c12 += bias2; c13 += bias3;
            c20 += bias0; c21 += bias1; c22 += bias2; c23 += bias3; c30 += bias0; c31 += bias1; c32 += bias2; c33 += bias3;
            c40 += bias0; c41 += bias1; c42 += bias2; c43 += bias3; c50 += bias0; c51 += bias1; c52 += bias2; c53 += bias3;
        }

        Store4(ref c, 0 * ldc, W, c00, c01, c02, c03); Store4(ref c, 1 * ldc, W, c10, c11, c12, c13);
        Store4(ref c, 2 * ldc, W, c20, c21, c22, c23); Store4(ref c, 3 * ldc, W, c30, c31, c32, c33);
        Store4(ref c, 4 * ldc, W, c40, c41, c42, c43); Store4(ref c, 5 * ldc, W, c50, c51, c52, c53);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunNarrow(nint kc, ref T a, nint aRow, nint aCol, ref T b, nint bRow, ref T c, nint ldc, bool loadC, ref readonly T row)
    {
        nint W = Vector512<T>.Count;
        nint r1 = aRow, r2 = 2 * aRow;
        ref T a3x = ref Unsafe.Add(ref a, 3 * aRow);
        Vector512<T> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (loadC)
        {
            (c00, c01) = Load2(ref c, 0 * ldc, W); (c10, c11) = Load2(ref c, 1 * ldc, W); (c20, c21) = Load2(ref c, 2 * ldc, W);
            (c30, c31) = Load2(ref c, 3 * ldc, W); (c40, c41) = Load2(ref c, 4 * ldc, W); (c50, c51) = Load2(ref c, 5 * ldc, W);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector512<T>.Zero;
        }

        for (nint p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref b, (nuint)(0 * W));
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)(1 * W));
            var a0 = Vector512.Create(a);
            c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref a, r1));
            c10 = Fma(a1, b0, c10); c11 = Fma(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref a, r2));
            c20 = Fma(a2, b0, c20); c21 = Fma(a2, b1, c21);
            var a3 = Vector512.Create(a3x);
            c30 = Fma(a3, b0, c30); c31 = Fma(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref a3x, r1));
            c40 = Fma(a4, b0, c40); c41 = Fma(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref a3x, r2));
            c50 = Fma(a5, b0, c50); c51 = Fma(a5, b1, c51);
            a = ref Unsafe.Add(ref a, aCol);
            a3x = ref Unsafe.Add(ref a3x, aCol);
            b = ref Unsafe.Add(ref b, bRow);
        }

        if (!Unsafe.IsNullRef(in row))
        {
            var (bias0, bias1) = Load2(ref Unsafe.AsRef(in row), 0, W);
            c00 += bias0; c01 += bias1; c10 += bias0; c11 += bias1; c20 += bias0; c21 += bias1;
            c30 += bias0; c31 += bias1; c40 += bias0; c41 += bias1; c50 += bias0; c51 += bias1;
        }

        Store2(ref c, 0 * ldc, W, c00, c01); Store2(ref c, 1 * ldc, W, c10, c11); Store2(ref c, 2 * ldc, W, c20, c21);
        Store2(ref c, 3 * ldc, W, c30, c31); Store2(ref c, 4 * ldc, W, c40, c41); Store2(ref c, 5 * ldc, W, c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<T>, Vector512<T>, Vector512<T>, Vector512<T>) Load4(ref T at, nint offset, nint w)
        => (Vector512.LoadUnsafe(ref at, (nuint)offset), Vector512.LoadUnsafe(ref at, (nuint)(offset + w)),
            Vector512.LoadUnsafe(ref at, (nuint)(offset + 2 * w)), Vector512.LoadUnsafe(ref at, (nuint)(offset + 3 * w)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<T>, Vector512<T>) Load2(ref T at, nint offset, nint w)
        => (Vector512.LoadUnsafe(ref at, (nuint)offset), Vector512.LoadUnsafe(ref at, (nuint)(offset + w)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4(ref T at, nint offset, nint w, Vector512<T> v0, Vector512<T> v1, Vector512<T> v2, Vector512<T> v3)
    {
        v0.StoreUnsafe(ref at, (nuint)offset);
        v1.StoreUnsafe(ref at, (nuint)(offset + w));
        v2.StoreUnsafe(ref at, (nuint)(offset + 2 * w));
        v3.StoreUnsafe(ref at, (nuint)(offset + 3 * w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store2(ref T at, nint offset, nint w, Vector512<T> v0, Vector512<T> v1)
    {
        v0.StoreUnsafe(ref at, (nuint)offset);
        v1.StoreUnsafe(ref at, (nuint)(offset + w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> z) => GemmFma.Fma(x, y, z);
}
