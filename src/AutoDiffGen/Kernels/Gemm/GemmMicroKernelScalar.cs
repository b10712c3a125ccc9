using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The portable micro-kernel for hardware without 256-bit vectors: a 4 × 4 tile of scalar fused multiply-adds, which
/// round exactly as the vector lanes do, so every kernel gives the same bits.
/// </summary>
internal readonly struct GemmMicroKernelScalar<T> : IGemmMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public static int MR => 4;

    /// <inheritdoc/>
    public static int NR => 4;

    /// <inheritdoc/>
    public static int NarrowNR => 4;

    /// <inheritdoc/>
    public static void RunNarrow(nint kc, ref T a, nint aRow, nint aCol, ref T b, nint bRow, ref T c, nint ldc, bool loadC, ref readonly T row)
        => Run(kc, ref a, aRow, aCol, ref b, bRow, ref c, ldc, loadC, in row);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(nint kc, ref T a, nint aRow, nint aCol, ref T b, nint bRow, ref T c, nint ldc, bool loadC, ref readonly T row)
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero;
        T c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero;
        T c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero;
        T c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        if (loadC)
        {
            ref T c1 = ref Unsafe.Add(ref c, ldc), c2 = ref Unsafe.Add(ref c, 2 * ldc), c3 = ref Unsafe.Add(ref c, 3 * ldc);
            c00 = c; c01 = Unsafe.Add(ref c, 1); c02 = Unsafe.Add(ref c, 2); c03 = Unsafe.Add(ref c, 3);
            c10 = c1; c11 = Unsafe.Add(ref c1, 1); c12 = Unsafe.Add(ref c1, 2); c13 = Unsafe.Add(ref c1, 3);
            c20 = c2; c21 = Unsafe.Add(ref c2, 1); c22 = Unsafe.Add(ref c2, 2); c23 = Unsafe.Add(ref c2, 3);
            c30 = c3; c31 = Unsafe.Add(ref c3, 1); c32 = Unsafe.Add(ref c3, 2); c33 = Unsafe.Add(ref c3, 3);
        }

        for (nint p = 0; p < kc; p++)
        {
            T b0 = b, b1 = Unsafe.Add(ref b, 1), b2 = Unsafe.Add(ref b, 2), b3 = Unsafe.Add(ref b, 3);
            T a0 = a, a1 = Unsafe.Add(ref a, aRow), a2 = Unsafe.Add(ref a, 2 * aRow), a3 = Unsafe.Add(ref a, 3 * aRow);
            c00 = T.FusedMultiplyAdd(a0, b0, c00); c01 = T.FusedMultiplyAdd(a0, b1, c01); c02 = T.FusedMultiplyAdd(a0, b2, c02); c03 = T.FusedMultiplyAdd(a0, b3, c03);
            c10 = T.FusedMultiplyAdd(a1, b0, c10); c11 = T.FusedMultiplyAdd(a1, b1, c11); c12 = T.FusedMultiplyAdd(a1, b2, c12); c13 = T.FusedMultiplyAdd(a1, b3, c13);
            c20 = T.FusedMultiplyAdd(a2, b0, c20); c21 = T.FusedMultiplyAdd(a2, b1, c21); c22 = T.FusedMultiplyAdd(a2, b2, c22); c23 = T.FusedMultiplyAdd(a2, b3, c23);
            c30 = T.FusedMultiplyAdd(a3, b0, c30); c31 = T.FusedMultiplyAdd(a3, b1, c31); c32 = T.FusedMultiplyAdd(a3, b2, c32); c33 = T.FusedMultiplyAdd(a3, b3, c33);
            a = ref Unsafe.Add(ref a, aCol);
            b = ref Unsafe.Add(ref b, bRow);
        }

        if (!Unsafe.IsNullRef(in row))
        {
            // The bias epilogue: added after the whole chain, so it rounds as adding it afterwards would.
            T r0 = row, r1 = Unsafe.Add(ref Unsafe.AsRef(in row), 1), r2 = Unsafe.Add(ref Unsafe.AsRef(in row), 2), r3 = Unsafe.Add(ref Unsafe.AsRef(in row), 3);
            c00 += r0; c01 += r1; c02 += r2; c03 += r3;
            c10 += r0; c11 += r1; c12 += r2; c13 += r3;
            c20 += r0; c21 += r1; c22 += r2; c23 += r3;
            c30 += r0; c31 += r1; c32 += r2; c33 += r3;
        }

        {
            ref T c1 = ref Unsafe.Add(ref c, ldc), c2 = ref Unsafe.Add(ref c, 2 * ldc), c3 = ref Unsafe.Add(ref c, 3 * ldc);
            c = c00; Unsafe.Add(ref c, 1) = c01; Unsafe.Add(ref c, 2) = c02; Unsafe.Add(ref c, 3) = c03;
            c1 = c10; Unsafe.Add(ref c1, 1) = c11; Unsafe.Add(ref c1, 2) = c12; Unsafe.Add(ref c1, 3) = c13;
            c2 = c20; Unsafe.Add(ref c2, 1) = c21; Unsafe.Add(ref c2, 2) = c22; Unsafe.Add(ref c2, 3) = c23;
            c3 = c30; Unsafe.Add(ref c3, 1) = c31; Unsafe.Add(ref c3, 2) = c32; Unsafe.Add(ref c3, 3) = c33;
        }
    }
}
