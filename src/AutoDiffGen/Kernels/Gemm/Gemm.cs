using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>General matrix multiply over dense row-major spans: <c>C = op(A)·op(B)</c> or <c>C += op(A)·op(B)</c>.</summary>
public static class Gemm
{
    /// <summary>
    /// <c>c = op(a)·op(b)</c>, or <c>c += op(a)·op(b)</c> when <paramref name="accumulate"/>, where
    /// <c>op(a)</c> is <c>[m, k]</c> and <c>op(b)</c> is <c>[k, n]</c>. A transposed operand is read in place:
    /// no transposed copy is made.
    /// </summary>
    /// <param name="a">Row-major <c>[m, k]</c>, or <c>[k, m]</c> when <paramref name="transposeA"/>.</param>
    /// <param name="b">Row-major <c>[k, n]</c>, or <c>[n, k]</c> when <paramref name="transposeB"/>.</param>
    /// <param name="c">Row-major <c>[m, n]</c>; must not overlap <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <param name="m">Rows of the result.</param>
    /// <param name="n">Columns of the result.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="transposeA">Read <paramref name="a"/> as its transpose.</param>
    /// <param name="transposeB">Read <paramref name="b"/> as its transpose.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span is too short, a size is negative, or <paramref name="c"/> overlaps an input.</exception>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Sizes must not be negative (m = {m}, n = {n}, k = {k}).");
        if (a.Length < (long)m * k) throw new ArgumentException($"'a' has {a.Length} elements; [{m}, {k}] needs {(long)m * k}.", nameof(a));
        if (b.Length < (long)k * n) throw new ArgumentException($"'b' has {b.Length} elements; [{k}, {n}] needs {(long)k * n}.", nameof(b));
        if (c.Length < (long)m * n) throw new ArgumentException($"'c' has {c.Length} elements; [{m}, {n}] needs {(long)m * n}.", nameof(c));
        if (c.Overlaps(a) || c.Overlaps(b)) throw new ArgumentException("'c' must not overlap 'a' or 'b'.", nameof(c));

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T av = transposeA ? a[p * m + i] : a[i * k + p];
                    T bv = transposeB ? b[j * k + p] : b[p * n + j];
                    sum += av * bv;
                }
                c[i * n + j] = accumulate ? c[i * n + j] + sum : sum;
            }
        }
    }
}
