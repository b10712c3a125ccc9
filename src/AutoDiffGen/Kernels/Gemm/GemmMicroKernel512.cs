using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The AVX-512 micro-kernel: an 8 × 32 float (8 × 16 double) tile, i.e. 8 rows × 2 <see cref="Vector512{T}"/>, and an
/// 8 × 1-register variant for a last column sliver that is at most half full.
/// </summary>
/// <remarks>
/// 16 accumulators + 2 B vectors + 1 broadcast = 19 of the 32 zmm registers, and 16 independent FMA chains per step,
/// enough to cover two FMA pipes × 4 cycles of latency. Wider tiles (6 × 64, 12 × 32, 14 × 32) also stay in
/// registers and measure the same at 1024³, but waste more of their tile on the ragged edges of small matrices.
/// </remarks>
internal readonly struct GemmMicroKernel512<T> : IGemmMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int MR => 8;

    /// <inheritdoc/>
    public static int NR => 2 * Vector512<T>.Count;

    /// <inheritdoc/>
    public static int NarrowNR => 1 * Vector512<T>.Count;

    /// <inheritdoc/>
    // Full optimization from the first call: a tier-0 body of this loop runs an order of magnitude slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, ref T a, nint aRow, nint aCol, ref T b, nint bRow, ref T c, nint ldc, bool loadC, ref readonly T row)
    {
        nint W = Vector512<T>.Count;
        nint r1 = 1 * aRow;
        nint r2 = 2 * aRow;
        nint r3 = 3 * aRow;
        ref T a4x = ref Unsafe.Add(ref a, 4 * aRow);
        Vector512<T> c00, c01; Vector512<T> c10, c11; Vector512<T> c20, c21; Vector512<T> c30, c31; Vector512<T> c40, c41; Vector512<T> c50, c51; Vector512<T> c60, c61; Vector512<T> c70, c71;
        if (loadC)
        {
            c00 = Vector512.LoadUnsafe(ref c, (nuint)(0 * ldc + 0 * W)); c01 = Vector512.LoadUnsafe(ref c, (nuint)(0 * ldc + 1 * W));
            c10 = Vector512.LoadUnsafe(ref c, (nuint)(1 * ldc + 0 * W)); c11 = Vector512.LoadUnsafe(ref c, (nuint)(1 * ldc + 1 * W));
            c20 = Vector512.LoadUnsafe(ref c, (nuint)(2 * ldc + 0 * W)); c21 = Vector512.LoadUnsafe(ref c, (nuint)(2 * ldc + 1 * W));
            c30 = Vector512.LoadUnsafe(ref c, (nuint)(3 * ldc + 0 * W)); c31 = Vector512.LoadUnsafe(ref c, (nuint)(3 * ldc + 1 * W));
            c40 = Vector512.LoadUnsafe(ref c, (nuint)(4 * ldc + 0 * W)); c41 = Vector512.LoadUnsafe(ref c, (nuint)(4 * ldc + 1 * W));
            c50 = Vector512.LoadUnsafe(ref c, (nuint)(5 * ldc + 0 * W)); c51 = Vector512.LoadUnsafe(ref c, (nuint)(5 * ldc + 1 * W));
            c60 = Vector512.LoadUnsafe(ref c, (nuint)(6 * ldc + 0 * W)); c61 = Vector512.LoadUnsafe(ref c, (nuint)(6 * ldc + 1 * W));
            c70 = Vector512.LoadUnsafe(ref c, (nuint)(7 * ldc + 0 * W)); c71 = Vector512.LoadUnsafe(ref c, (nuint)(7 * ldc + 1 * W));
        }
        else
        {
            c00 = Vector512<T>.Zero; c01 = Vector512<T>.Zero;
            c10 = Vector512<T>.Zero; c11 = Vector512<T>.Zero;
            c20 = Vector512<T>.Zero; c21 = Vector512<T>.Zero;
            c30 = Vector512<T>.Zero; c31 = Vector512<T>.Zero;
            c40 = Vector512<T>.Zero; c41 = Vector512<T>.Zero;
            c50 = Vector512<T>.Zero; c51 = Vector512<T>.Zero;
            c60 = Vector512<T>.Zero; c61 = Vector512<T>.Zero;
            c70 = Vector512<T>.Zero; c71 = Vector512<T>.Zero;
        }

        for (nint p = 0; p < kc; p++)
        {
            // One row of the B sliver, then each row of A broadcast against it: 16 independent FMAs.
            var b0 = Vector512.LoadUnsafe(ref b, (nuint)(0 * W));
            var b1 = Vector512.LoadUnsafe(ref b, (nuint)(1 * W));
            var a0 = Vector512.Create(a);
            c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref a, r1));
            c10 = Fma(a1, b0, c10); c11 = Fma(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref a, r2));
            c20 = Fma(a2, b0, c20); c21 = Fma(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref a, r3));
            c30 = Fma(a3, b0, c30); c31 = Fma(a3, b1, c31);
            var a4 = Vector512.Create(a4x);
            c40 = Fma(a4, b0, c40); c41 = Fma(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref a4x, r1));
            c50 = Fma(a5, b0, c50); c51 = Fma(a5, b1, c51);
            var a6 = Vector512.Create(Unsafe.Add(ref a4x, r2));
            c60 = Fma(a6, b0, c60); c61 = Fma(a6, b1, c61);
            var a7 = Vector512.Create(Unsafe.Add(ref a4x, r3));
            c70 = Fma(a7, b0, c70); c71 = Fma(a7, b1, c71);
            a = ref Unsafe.Add(ref a, aCol);
            a4x = ref Unsafe.Add(ref a4x, aCol);
            b = ref Unsafe.Add(ref b, bRow);
        }

        if (!Unsafe.IsNullRef(in row))
        {
            // The bias epilogue: added after the whole chain, so it rounds as adding it afterwards would.
            var bias0 = Vector512.LoadUnsafe(in row, 0);
            var bias1 = Vector512.LoadUnsafe(in row, (nuint)W);
            c00 += bias0; c01 += bias1; c10 += bias0; c11 += bias1; c20 += bias0; c21 += bias1; c30 += bias0; c31 += bias1; c40 += bias0; c41 += bias1; c50 += bias0; c51 += bias1; c60 += bias0; c61 += bias1; c70 += bias0; c71 += bias1;
        }

        c00.StoreUnsafe(ref c, (nuint)(0 * ldc + 0 * W)); c01.StoreUnsafe(ref c, (nuint)(0 * ldc + 1 * W));
        c10.StoreUnsafe(ref c, (nuint)(1 * ldc + 0 * W)); c11.StoreUnsafe(ref c, (nuint)(1 * ldc + 1 * W));
        c20.StoreUnsafe(ref c, (nuint)(2 * ldc + 0 * W)); c21.StoreUnsafe(ref c, (nuint)(2 * ldc + 1 * W));
        c30.StoreUnsafe(ref c, (nuint)(3 * ldc + 0 * W)); c31.StoreUnsafe(ref c, (nuint)(3 * ldc + 1 * W));
        c40.StoreUnsafe(ref c, (nuint)(4 * ldc + 0 * W)); c41.StoreUnsafe(ref c, (nuint)(4 * ldc + 1 * W));
        c50.StoreUnsafe(ref c, (nuint)(5 * ldc + 0 * W)); c51.StoreUnsafe(ref c, (nuint)(5 * ldc + 1 * W));
        c60.StoreUnsafe(ref c, (nuint)(6 * ldc + 0 * W)); c61.StoreUnsafe(ref c, (nuint)(6 * ldc + 1 * W));
        c70.StoreUnsafe(ref c, (nuint)(7 * ldc + 0 * W)); c71.StoreUnsafe(ref c, (nuint)(7 * ldc + 1 * W));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunNarrow(nint kc, ref T a, nint aRow, nint aCol, ref T b, nint bRow, ref T c, nint ldc, bool loadC, ref readonly T row)
    {
        nint W = Vector512<T>.Count;
        nint r1 = 1 * aRow;
        nint r2 = 2 * aRow;
        nint r3 = 3 * aRow;
        ref T a4x = ref Unsafe.Add(ref a, 4 * aRow);
        Vector512<T> c00; Vector512<T> c10; Vector512<T> c20; Vector512<T> c30; Vector512<T> c40; Vector512<T> c50; Vector512<T> c60; Vector512<T> c70;
        if (loadC)
        {
            c00 = Vector512.LoadUnsafe(ref c, (nuint)(0 * ldc + 0 * W));
            c10 = Vector512.LoadUnsafe(ref c, (nuint)(1 * ldc + 0 * W));
            c20 = Vector512.LoadUnsafe(ref c, (nuint)(2 * ldc + 0 * W));
            c30 = Vector512.LoadUnsafe(ref c, (nuint)(3 * ldc + 0 * W));
            c40 = Vector512.LoadUnsafe(ref c, (nuint)(4 * ldc + 0 * W));
            c50 = Vector512.LoadUnsafe(ref c, (nuint)(5 * ldc + 0 * W));
            c60 = Vector512.LoadUnsafe(ref c, (nuint)(6 * ldc + 0 * W));
            c70 = Vector512.LoadUnsafe(ref c, (nuint)(7 * ldc + 0 * W));
        }
        else
        {
            c00 = Vector512<T>.Zero;
            c10 = Vector512<T>.Zero;
            c20 = Vector512<T>.Zero;
            c30 = Vector512<T>.Zero;
            c40 = Vector512<T>.Zero;
            c50 = Vector512<T>.Zero;
            c60 = Vector512<T>.Zero;
            c70 = Vector512<T>.Zero;
        }

        for (nint p = 0; p < kc; p++)
        {
            // One row of the B sliver, then each row of A broadcast against it: 8 independent FMAs.
            var b0 = Vector512.LoadUnsafe(ref b, (nuint)(0 * W));
            var a0 = Vector512.Create(a);
            c00 = Fma(a0, b0, c00);
            var a1 = Vector512.Create(Unsafe.Add(ref a, r1));
            c10 = Fma(a1, b0, c10);
            var a2 = Vector512.Create(Unsafe.Add(ref a, r2));
            c20 = Fma(a2, b0, c20);
            var a3 = Vector512.Create(Unsafe.Add(ref a, r3));
            c30 = Fma(a3, b0, c30);
            var a4 = Vector512.Create(a4x);
            c40 = Fma(a4, b0, c40);
            var a5 = Vector512.Create(Unsafe.Add(ref a4x, r1));
            c50 = Fma(a5, b0, c50);
            var a6 = Vector512.Create(Unsafe.Add(ref a4x, r2));
            c60 = Fma(a6, b0, c60);
            var a7 = Vector512.Create(Unsafe.Add(ref a4x, r3));
            c70 = Fma(a7, b0, c70);
            a = ref Unsafe.Add(ref a, aCol);
            a4x = ref Unsafe.Add(ref a4x, aCol);
            b = ref Unsafe.Add(ref b, bRow);
        }

        if (!Unsafe.IsNullRef(in row))
        {
            var bias0 = Vector512.LoadUnsafe(in row, 0);
            c00 += bias0; c10 += bias0; c20 += bias0; c30 += bias0; c40 += bias0; c50 += bias0; c60 += bias0; c70 += bias0;
        }

        c00.StoreUnsafe(ref c, (nuint)(0 * ldc + 0 * W));
        c10.StoreUnsafe(ref c, (nuint)(1 * ldc + 0 * W));
        c20.StoreUnsafe(ref c, (nuint)(2 * ldc + 0 * W));
        c30.StoreUnsafe(ref c, (nuint)(3 * ldc + 0 * W));
        c40.StoreUnsafe(ref c, (nuint)(4 * ldc + 0 * W));
        c50.StoreUnsafe(ref c, (nuint)(5 * ldc + 0 * W));
        c60.StoreUnsafe(ref c, (nuint)(6 * ldc + 0 * W));
        c70.StoreUnsafe(ref c, (nuint)(7 * ldc + 0 * W));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> z) => GemmFma.Fma(x, y, z);
}
