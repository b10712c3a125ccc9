using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Matrix–vector products for the shapes where one side of the GEMM is a single row or column (m = 1 or n = 1).
/// There is no reuse to block for: each element of the matrix is used once, so these loops stream it exactly once,
/// in storage order, with enough independent chains in flight to hide the FMA latency.
/// </summary>
internal static class GemmVector
{
    /// <summary>
    /// <c>y[j] (+)= Σₚ x[p]·matrix[p·n + j]</c> for <c>j &lt; n</c>: a row vector times a row-major <c>[k, n]</c> matrix.
    /// The matrix is read row after row, in storage order, four rows per pass over <c>y</c>; each <c>y[j]</c> is still
    /// one fused multiply-add chain in increasing <c>p</c>, exactly as in the tiled kernels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowTimesMatrix<T, TSimd>(ref T x, ref T matrix, ref T y, int k, int n, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        if (!accumulate) MemoryMarshal.CreateSpan(ref y, n).Clear();
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            var rows = new FourRows<T>(ref Unsafe.Add(ref matrix, (nint)p * n), n, ref Unsafe.Add(ref x, p));
            int j = AddRows<T, TSimd>(ref y, 0, n, ref rows);
            if (Vector256<T>.Count < TSimd.Count && Vector256.IsHardwareAccelerated) j = AddRows<T, Simd256<T>>(ref y, j, n, ref rows);
            if (Vector128<T>.Count < TSimd.Count && Vector128.IsHardwareAccelerated) j = AddRows<T, Simd128<T>>(ref y, j, n, ref rows);
            AddRows<T, SimdScalar<T>>(ref y, j, n, ref rows);
        }
        for (; p < k; p++)
        {
            ref T row = ref Unsafe.Add(ref matrix, (nint)p * n);
            T xp = Unsafe.Add(ref x, p);
            int j = AddRow<T, TSimd>(ref y, 0, n, ref row, xp);
            if (Vector256<T>.Count < TSimd.Count && Vector256.IsHardwareAccelerated) j = AddRow<T, Simd256<T>>(ref y, j, n, ref row, xp);
            if (Vector128<T>.Count < TSimd.Count && Vector128.IsHardwareAccelerated) j = AddRow<T, Simd128<T>>(ref y, j, n, ref row, xp);
            AddRow<T, SimdScalar<T>>(ref y, j, n, ref row, xp);
        }
    }

    /// <summary>Four consecutive matrix rows and their four factors.</summary>
    private readonly ref struct FourRows<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public readonly ref T R0, R1, R2, R3;
        public readonly T X0, X1, X2, X3;

        public FourRows(ref T first, int stride, ref T x)
        {
            R0 = ref first;
            R1 = ref Unsafe.Add(ref first, stride);
            R2 = ref Unsafe.Add(ref first, 2 * (nint)stride);
            R3 = ref Unsafe.Add(ref first, 3 * (nint)stride);
            X0 = x;
            X1 = Unsafe.Add(ref x, 1);
            X2 = Unsafe.Add(ref x, 2);
            X3 = Unsafe.Add(ref x, 3);
        }
    }

    /// <summary>
    /// <c>y[j] = x3·r3[j] + (x2·r2[j] + (x1·r1[j] + (x0·r0[j] + y[j])))</c>, each step one rounding, for whole registers
    /// from <paramref name="j"/> on; returns where it stopped. Called with narrower widths after the full-width loop, a
    /// ragged end costs a few vector steps rather than up to a register's width of scalar ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddRows<T, TSimd>(ref T y, int j, int n, ref FourRows<T> rows)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        TSimd v0 = TSimd.Splat(rows.X0), v1 = TSimd.Splat(rows.X1), v2 = TSimd.Splat(rows.X2), v3 = TSimd.Splat(rows.X3);
        for (; j + TSimd.Count <= n; j += TSimd.Count)
        {
            TSimd sum = TSimd.MultiplyAdd(v0, TSimd.Load(in rows.R0, j), TSimd.Load(in y, j));
            sum = TSimd.MultiplyAdd(v1, TSimd.Load(in rows.R1, j), sum);
            sum = TSimd.MultiplyAdd(v2, TSimd.Load(in rows.R2, j), sum);
            TSimd.Store(TSimd.MultiplyAdd(v3, TSimd.Load(in rows.R3, j), sum), ref y, j);
        }
        return j;
    }

    /// <summary><c>y[j] = x·row[j] + y[j]</c> for whole registers from <paramref name="j"/> on; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AddRow<T, TSimd>(ref T y, int j, int n, ref T row, T x)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        TSimd v = TSimd.Splat(x);
        for (; j + TSimd.Count <= n; j += TSimd.Count)
            TSimd.Store(TSimd.MultiplyAdd(v, TSimd.Load(in row, j), TSimd.Load(in y, j)), ref y, j);
        return j;
    }

    /// <summary>
    /// <c>y[i] (+)= Σₚ matrix[i·k + p]·x[p]</c> for <c>i &lt; rows</c>: a row-major <c>[rows, k]</c> matrix times a
    /// column vector, as dot products along the contiguous rows. Each dot product sums its vector lanes from the
    /// lowest up and then the remaining elements in order, so the result depends only on the sizes and the width of
    /// <typeparamref name="TSimd"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MatrixTimesVector<T, TSimd>(ref T matrix, ref T x, ref T y, int rows, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        int w = TSimd.Count;
        int kVector = k - k % w;
        int i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            // Four rows share each load of x and run four independent FMA chains.
            ref T r0 = ref Unsafe.Add(ref matrix, (nint)i * k);
            ref T r1 = ref Unsafe.Add(ref r0, k);
            ref T r2 = ref Unsafe.Add(ref r1, k);
            ref T r3 = ref Unsafe.Add(ref r2, k);
            TSimd s0 = TSimd.Splat(T.Zero), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < kVector; p += w)
            {
                TSimd xp = TSimd.Load(in x, p);
                s0 = TSimd.MultiplyAdd(TSimd.Load(in r0, p), xp, s0);
                s1 = TSimd.MultiplyAdd(TSimd.Load(in r1, p), xp, s1);
                s2 = TSimd.MultiplyAdd(TSimd.Load(in r2, p), xp, s2);
                s3 = TSimd.MultiplyAdd(TSimd.Load(in r3, p), xp, s3);
            }
            Finish(ref r0, ref x, ref Unsafe.Add(ref y, i), TSimd.Sum(s0), kVector, k, accumulate);
            Finish(ref r1, ref x, ref Unsafe.Add(ref y, i + 1), TSimd.Sum(s1), kVector, k, accumulate);
            Finish(ref r2, ref x, ref Unsafe.Add(ref y, i + 2), TSimd.Sum(s2), kVector, k, accumulate);
            Finish(ref r3, ref x, ref Unsafe.Add(ref y, i + 3), TSimd.Sum(s3), kVector, k, accumulate);
        }
        for (; i < rows; i++)
        {
            ref T r0 = ref Unsafe.Add(ref matrix, (nint)i * k);
            TSimd s0 = TSimd.Splat(T.Zero);
            for (int p = 0; p < kVector; p += w) s0 = TSimd.MultiplyAdd(TSimd.Load(in r0, p), TSimd.Load(in x, p), s0);
            Finish(ref r0, ref x, ref Unsafe.Add(ref y, i), TSimd.Sum(s0), kVector, k, accumulate);
        }
    }

    /// <summary>Adds the elements past the last whole register to a dot product and writes it out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T>(ref T row, ref T x, ref T y, T sum, int from, int k, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int p = from; p < k; p++) sum = T.FusedMultiplyAdd(Unsafe.Add(ref row, p), Unsafe.Add(ref x, p), sum);
        y = accumulate ? y + sum : sum;
    }
}
