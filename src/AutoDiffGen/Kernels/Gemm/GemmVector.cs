using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Matrix–vector products for the shapes where one side of the GEMM is a single row or column (m = 1 or n = 1).
/// There is no reuse to block for: each element of the matrix is used once, so these loops stream it exactly once,
/// in storage order, with several independent accumulators to hide the FMA latency.
/// </summary>
internal static class GemmVector
{
    /// <summary>
    /// <c>y[j] (+)= Σₚ x[p]·matrix[p·n + j]</c> for <c>j &lt; n</c>: a row vector times a row-major <c>[k, n]</c> matrix.
    /// Each <c>y[j]</c> is one fused multiply-add chain in increasing <c>p</c>, exactly as in the tiled kernels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowTimesMatrix<T, TSimd>(ref T x, ref T matrix, ref T y, int k, int n, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        int w = TSimd.Count;
        int j = 0;
        for (; j + 4 * w <= n; j += 4 * w)
        {
            ref T yj = ref Unsafe.Add(ref y, j);
            TSimd zero = TSimd.Splat(T.Zero);
            TSimd y0 = accumulate ? TSimd.Load(in yj, 0) : zero, y1 = accumulate ? TSimd.Load(in yj, w) : zero;
            TSimd y2 = accumulate ? TSimd.Load(in yj, 2 * w) : zero, y3 = accumulate ? TSimd.Load(in yj, 3 * w) : zero;
            ref T row = ref Unsafe.Add(ref matrix, j);
            for (int p = 0; p < k; p++)
            {
                TSimd xp = TSimd.Splat(Unsafe.Add(ref x, p));
                y0 = TSimd.MultiplyAdd(xp, TSimd.Load(in row, 0), y0);
                y1 = TSimd.MultiplyAdd(xp, TSimd.Load(in row, w), y1);
                y2 = TSimd.MultiplyAdd(xp, TSimd.Load(in row, 2 * w), y2);
                y3 = TSimd.MultiplyAdd(xp, TSimd.Load(in row, 3 * w), y3);
                row = ref Unsafe.Add(ref row, n);
            }
            TSimd.Store(y0, ref yj, 0); TSimd.Store(y1, ref yj, w); TSimd.Store(y2, ref yj, 2 * w); TSimd.Store(y3, ref yj, 3 * w);
        }
        for (; j + w <= n; j += w) RowTimesColumns<T, TSimd>(ref x, ref Unsafe.Add(ref matrix, j), ref Unsafe.Add(ref y, j), k, n, accumulate);
        for (; j < n; j++) RowTimesColumns<T, SimdScalar<T>>(ref x, ref Unsafe.Add(ref matrix, j), ref Unsafe.Add(ref y, j), k, n, accumulate);
    }

    /// <summary>One register's worth of columns of <see cref="RowTimesMatrix{T, TSimd}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowTimesColumns<T, TSimd>(ref T x, ref T column, ref T y, int k, int n, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        TSimd sum = accumulate ? TSimd.Load(in y, 0) : TSimd.Splat(T.Zero);
        for (int p = 0; p < k; p++)
        {
            sum = TSimd.MultiplyAdd(TSimd.Splat(Unsafe.Add(ref x, p)), TSimd.Load(in column, 0), sum);
            column = ref Unsafe.Add(ref column, n);
        }
        TSimd.Store(sum, ref y, 0);
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
            // Four rows share each load of x; four chains keep both FMA pipes busy.
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
