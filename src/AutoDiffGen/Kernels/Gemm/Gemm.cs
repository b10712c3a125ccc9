using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

// The tests drive each micro-kernel width and each path directly, not only the one this machine dispatches to.
[assembly: InternalsVisibleTo("AutoDiffGen.Tests")]
[assembly: InternalsVisibleTo("AutoDiffGen.Benchmarks")]
[assembly: InternalsVisibleTo("AutoDiffGen.Benchmarks.Peers")]

namespace AutoDiffGen.Kernels;

/// <summary>General matrix multiply over dense row-major spans: <c>C = op(A)·op(B)</c> or <c>C += op(A)·op(B)</c>.</summary>
/// <remarks>
/// Large products run the Goto/BLIS scheme (<see cref="GemmBlocking"/>): packed panels of B and blocks of A feed a
/// register-blocked micro-kernel (with AVX-512 8 × 32 or 6 × 64 floats, whichever <see cref="GemmTuning"/> picks for
/// the machine; 6 × 16 with AVX2, 4 × 4 scalar otherwise), blocked for the caches the machine has. Small
/// products skip most of the packing (<see cref="GemmDirect"/>) and matrix–vector shapes stream the matrix once
/// (<see cref="GemmVector"/>). Large products are split by blocks of C over the cores (<see cref="GemmParallel{T, TKernel}"/>).
/// Results are deterministic: every element of C is computed by one thread as one fused multiply-add chain in increasing
/// k, so the same inputs and sizes give the same bits on every call, however many threads took part. Packing buffers are
/// per thread and reused, so steady-state calls do not allocate.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Gemm
{
    /// <summary>
    /// <c>c = op(a)·op(b)</c>, or <c>c += op(a)·op(b)</c> when <paramref name="accumulate"/>, where
    /// <c>op(a)</c> is <c>[m, k]</c> and <c>op(b)</c> is <c>[k, n]</c>. A transposed operand is read in place:
    /// no transposed copy is made.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="a">Row-major <c>[m, k]</c>, or <c>[k, m]</c> when <paramref name="transposeA"/>.</param>
    /// <param name="b">Row-major <c>[k, n]</c>, or <c>[n, k]</c> when <paramref name="transposeB"/>.</param>
    /// <param name="c">Row-major <c>[m, n]</c>; must not overlap <paramref name="a"/> or <paramref name="b"/>.</param>
    /// <param name="m">Rows of the result.</param>
    /// <param name="n">Columns of the result.</param>
    /// <param name="k">The inner dimension. With <c>k = 0</c> the product is zero: <paramref name="c"/> is cleared, or
    /// left as it is when <paramref name="accumulate"/>.</param>
    /// <param name="transposeA">Read <paramref name="a"/> as its transpose.</param>
    /// <param name="transposeB">Read <paramref name="b"/> as its transpose.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span is too short, a size is negative, or <paramref name="c"/> overlaps an input.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure(KernelProfiler.Enabled ? GemmName(m, n, k, transposeA, transposeB, "") : "GEMM");
        Dispatch(a, b, c, m, n, k, transposeA, transposeB, accumulate, ReadOnlySpan<T>.Empty);
    }

    /// <summary>
    /// <c>c = op(a)·op(b) + row</c>, the row added to every row of the product: a linear layer with its bias. Each
    /// element rounds exactly as <c>(op(a)·op(b))[i, j] + row[j]</c> computed in two steps, but the micro-kernel adds
    /// the bias to each tile as it stores it, so there is no pass of its own.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="a">Row-major <c>[m, k]</c>, or <c>[k, m]</c> when <paramref name="transposeA"/>.</param>
    /// <param name="b">Row-major <c>[k, n]</c>, or <c>[n, k]</c> when <paramref name="transposeB"/>.</param>
    /// <param name="row"><c>[n]</c>, added to every row.</param>
    /// <param name="c">Row-major <c>[m, n]</c>, overwritten; must not overlap <paramref name="a"/>, <paramref name="b"/> or <paramref name="row"/>.</param>
    /// <param name="m">Rows of the result.</param>
    /// <param name="n">Columns of the result.</param>
    /// <param name="k">The inner dimension; with <c>k = 0</c> every row of <paramref name="c"/> is <paramref name="row"/>.</param>
    /// <param name="transposeA">Read <paramref name="a"/> as its transpose.</param>
    /// <param name="transposeB">Read <paramref name="b"/> as its transpose.</param>
    /// <exception cref="ArgumentException">A span is too short, <paramref name="row"/> is not <paramref name="n"/> long, a size is negative, or <paramref name="c"/> overlaps an input.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void MultiplyAddRow<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> row, Span<T> c, int m, int n, int k,
        bool transposeA = false, bool transposeB = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure(KernelProfiler.Enabled ? GemmName(m, n, k, transposeA, transposeB, " + row") : "GEMM");
        if (row.Length != n) throw new ArgumentException($"'row' has {row.Length} elements; a row of the [{m}, {n}] result has {n}.", nameof(row));
        if (m > 0 && c.Slice(0, Math.Min(c.Length, m * n)).Overlaps(row)) throw new ArgumentException("'c' must not overlap 'row'.", nameof(c));
        // An empty row stands for no row further down: with n = 0 there is nothing to add anyway.
        Dispatch(a, b, c, m, n, k, transposeA, transposeB, accumulate: false, row);
    }

    /// <summary>
    /// A batch of products of one size: <c>c_i = op(a_i)·op(b_i)</c> (or <c>+=</c> when <paramref name="accumulate"/>)
    /// for <c>i</c> in <c>0 .. batch</c>, where operand <c>x_i</c> starts <c>i·strideX</c> elements into its span. A
    /// stride of 0 for <paramref name="a"/> or <paramref name="b"/> uses one matrix for every product (a broadcast
    /// batch dimension); a stride of 0 for <paramref name="c"/> sums every product into one <c>[m, n]</c> result (the
    /// adjoint of such a broadcast). The results have the same bits whatever the number of threads.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="a">Row-major <c>[m, k]</c> matrices (<c>[k, m]</c> when <paramref name="transposeA"/>), <paramref name="strideA"/> apart.</param>
    /// <param name="b">Row-major <c>[k, n]</c> matrices (<c>[n, k]</c> when <paramref name="transposeB"/>), <paramref name="strideB"/> apart.</param>
    /// <param name="c">Row-major <c>[m, n]</c> results, <paramref name="strideC"/> apart; must not overlap the inputs.</param>
    /// <param name="batch">Number of products.</param>
    /// <param name="m">Rows of each result.</param>
    /// <param name="n">Columns of each result.</param>
    /// <param name="k">The inner dimension.</param>
    /// <param name="strideA">Elements from one matrix of <paramref name="a"/> to the next, or 0.</param>
    /// <param name="strideB">Elements from one matrix of <paramref name="b"/> to the next, or 0.</param>
    /// <param name="strideC">Elements from one result to the next: 0, or at least <c>m·n</c>.</param>
    /// <param name="transposeA">Read each matrix of <paramref name="a"/> as its transpose.</param>
    /// <param name="transposeB">Read each matrix of <paramref name="b"/> as its transpose.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentException">A span is too short, a size or stride is negative, results overlap each other, or <paramref name="c"/> overlaps an input.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void MultiplyBatched<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int batch, int m, int n, int k,
        int strideA, int strideB, int strideC, bool transposeA = false, bool transposeB = false, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure(KernelProfiler.Enabled ? GemmName(m, n, k, transposeA, transposeB, $" × {batch}") : "GEMM");
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Gemm supports float and double, not {typeof(T).Name}.");
        if (batch < 0 || m < 0 || n < 0 || k < 0) throw new ArgumentException($"Sizes must not be negative (batch = {batch}, m = {m}, n = {n}, k = {k}).");
        if (strideA < 0 || strideB < 0 || strideC < 0) throw new ArgumentException($"Strides must not be negative (a: {strideA}, b: {strideB}, c: {strideC}).");
        if (strideC != 0 && strideC < (long)m * n)
            throw new ArgumentException($"Results {strideC} elements apart would overlap: each [{m}, {n}] result takes {(long)m * n}.", nameof(strideC));
        if (batch == 0) return;

        // The extent each operand spans: the last matrix's start plus one matrix.
        long aExtent = (long)(batch - 1) * strideA + (long)m * k;
        long bExtent = (long)(batch - 1) * strideB + (long)k * n;
        long cExtent = (long)(batch - 1) * strideC + (long)m * n;
        if (a.Length < aExtent) throw new ArgumentException($"'a' has {a.Length} elements; {batch} [{m}, {k}] matrices {strideA} apart need {aExtent}.", nameof(a));
        if (b.Length < bExtent) throw new ArgumentException($"'b' has {b.Length} elements; {batch} [{k}, {n}] matrices {strideB} apart need {bExtent}.", nameof(b));
        if (c.Length < cExtent) throw new ArgumentException($"'c' has {c.Length} elements; {batch} [{m}, {n}] results {strideC} apart need {cExtent}.", nameof(c));
        a = a.Slice(0, (int)aExtent);
        b = b.Slice(0, (int)bExtent);
        c = c.Slice(0, (int)cExtent);
        if (c.Overlaps(a) || c.Overlaps(b)) throw new ArgumentException("'c' must not overlap 'a' or 'b'.", nameof(c));

        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (accumulate) return;
            for (int i = 0; i < (strideC == 0 ? 1 : batch); i++) c.Slice(i * strideC, m * n).Clear();
            return;
        }

        if (Vector512.IsHardwareAccelerated && GemmTuning.Kernel512 == GemmKernel512.Rows6Wide)
            GemmBatched<T, GemmMicroKernel512Wide<T>, Simd512<T>>.Run(a, b, c, batch, m, n, k, strideA, strideB, strideC, transposeA, transposeB, accumulate, ParallelRunner.Shared);
        else if (Vector512.IsHardwareAccelerated)
            GemmBatched<T, GemmMicroKernel512<T>, Simd512<T>>.Run(a, b, c, batch, m, n, k, strideA, strideB, strideC, transposeA, transposeB, accumulate, ParallelRunner.Shared);
        else if (Vector256.IsHardwareAccelerated)
            GemmBatched<T, GemmMicroKernel256<T>, Simd256<T>>.Run(a, b, c, batch, m, n, k, strideA, strideB, strideC, transposeA, transposeB, accumulate, ParallelRunner.Shared);
        else if (Vector128.IsHardwareAccelerated)
            GemmBatched<T, GemmMicroKernelScalar<T>, Simd128<T>>.Run(a, b, c, batch, m, n, k, strideA, strideB, strideC, transposeA, transposeB, accumulate, ParallelRunner.Shared);
        else
            GemmBatched<T, GemmMicroKernelScalar<T>, SimdScalar<T>>.Run(a, b, c, batch, m, n, k, strideA, strideB, strideC, transposeA, transposeB, accumulate, ParallelRunner.Shared);
    }

    /// <summary>How the profiler names a product: its sizes and layout.</summary>
    private static string GemmName(int m, int n, int k, bool transposeA, bool transposeB, string suffix)
        => $"GEMM {(transposeA ? 'T' : 'N')}{(transposeB ? 'T' : 'N')} {m}×{n}×{k}{suffix}";

    private static void Dispatch<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate, ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Gemm supports float and double, not {typeof(T).Name}.");
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"Sizes must not be negative (m = {m}, n = {n}, k = {k}).");
        if (a.Length < (long)m * k) throw new ArgumentException($"'a' has {a.Length} elements; [{m}, {k}] needs {(long)m * k}.", nameof(a));
        if (b.Length < (long)k * n) throw new ArgumentException($"'b' has {b.Length} elements; [{k}, {n}] needs {(long)k * n}.", nameof(b));
        if (c.Length < (long)m * n) throw new ArgumentException($"'c' has {c.Length} elements; [{m}, {n}] needs {(long)m * n}.", nameof(c));

        // Only the parts that are read or written must be disjoint.
        a = a.Slice(0, m * k);
        b = b.Slice(0, k * n);
        c = c.Slice(0, m * n);
        if (c.Overlaps(a) || c.Overlaps(b)) throw new ArgumentException("'c' must not overlap 'a' or 'b'.", nameof(c));

        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate) c.Clear();
            GemmRowEpilogue.Apply(ref MemoryMarshal.GetReference(c), n, m, n, row);
            return;
        }

        if (Vector512.IsHardwareAccelerated && GemmTuning.Kernel512 == GemmKernel512.Rows6Wide)
            Run<T, GemmMicroKernel512Wide<T>, Simd512<T>>(a, b, c, m, n, k, transposeA, transposeB, accumulate, ParallelRunner.Shared, row);
        else if (Vector512.IsHardwareAccelerated)
            Run<T, GemmMicroKernel512<T>, Simd512<T>>(a, b, c, m, n, k, transposeA, transposeB, accumulate, ParallelRunner.Shared, row);
        else if (Vector256.IsHardwareAccelerated)
            Run<T, GemmMicroKernel256<T>, Simd256<T>>(a, b, c, m, n, k, transposeA, transposeB, accumulate, ParallelRunner.Shared, row);
        else if (Vector128.IsHardwareAccelerated)
            Run<T, GemmMicroKernelScalar<T>, Simd128<T>>(a, b, c, m, n, k, transposeA, transposeB, accumulate, ParallelRunner.Shared, row);
        else
            Run<T, GemmMicroKernelScalar<T>, SimdScalar<T>>(a, b, c, m, n, k, transposeA, transposeB, accumulate, ParallelRunner.Shared, row);
    }

    /// <summary>
    /// Picks the path for validated sizes with <c>m, n, k ≥ 1</c>: matrix–vector, direct or blocked, on the given
    /// micro-kernel and register width, and splits a large enough product over the threads of <paramref name="runner"/>
    /// (none: this thread alone).
    /// </summary>
    internal static void Run<T, TKernel, TSimd>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate, ParallelRunner? runner = null, ReadOnlySpan<T> row = default)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        ref T aRef = ref MemoryMarshal.GetReference(a);
        ref T bRef = ref MemoryMarshal.GetReference(b);
        ref T cRef = ref MemoryMarshal.GetReference(c);

        // A single row or column of C: a [1, k] or [k, 1] operand is the same k contiguous values either way.
        if (m == 1)
        {
            if (transposeB) GemmVector.MatrixTimesVector<T, TSimd>(ref bRef, ref aRef, ref cRef, n, k, accumulate);
            else GemmVector.RowTimesMatrix<T, TSimd>(ref aRef, ref bRef, ref cRef, k, n, accumulate);
        }
        else if (n == 1)
        {
            if (transposeA) GemmVector.RowTimesMatrix<T, TSimd>(ref bRef, ref aRef, ref cRef, k, m, accumulate);
            else GemmVector.MatrixTimesVector<T, TSimd>(ref aRef, ref bRef, ref cRef, m, k, accumulate);
        }
        else
        {
            bool direct = GemmDirect.IsPreferred<T, TKernel>(m, n, k, transposeA, transposeB);
            if (runner is { Degree: > 1 } && GemmParallel<T, TKernel>.ShouldSplit(m, n, k, runner))
                GemmParallel<T, TKernel>.Run(runner, a, b, c, m, n, k, transposeA, transposeB, accumulate, direct, row);
            else if (direct)
                GemmDirect.Run<T, TKernel>(a, b, c, m, n, k, transposeA, transposeB, accumulate, row);
            else
                GemmBlocking.Run<T, TKernel>(a, b, c, m, n, k, transposeA, transposeB, accumulate, GemmBlocking.SizesFor<T, TKernel>(), row);
            return;
        }

        // A single row or column of C is finished in one pass: the row is added after it.
        GemmRowEpilogue.Apply(ref cRef, n, m, n, row);
    }
}
