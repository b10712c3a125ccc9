using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A product split into blocks of C (<see cref="GemmPartition"/>), one part per block, for <see cref="ParallelRunner"/>.
/// Each element of C is computed whole by one thread, as one fused multiply-add chain in increasing k, so the result
/// has the same bits as on one thread. Each thread packs into its own workspace.
/// </summary>
internal readonly ref struct GemmParallel<T, TKernel> : IParallelWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : struct, IGemmMicroKernel<T>
{
    private readonly ReadOnlySpan<T> _a;
    private readonly ReadOnlySpan<T> _b;
    private readonly Span<T> _c;
    private readonly ReadOnlySpan<T> _row;
    private readonly int _m, _n, _k;
    private readonly bool _transposeA, _transposeB, _accumulate, _direct;
    private readonly GemmPartition _partition;

    /// <summary>The product, to run on <see cref="GemmDirect"/> when <paramref name="direct"/> and on <see cref="GemmBlocking"/> otherwise.</summary>
    public GemmParallel(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate, bool direct, GemmPartition partition, ReadOnlySpan<T> row = default)
    {
        _a = a;
        _b = b;
        _c = c;
        _row = row;
        (_m, _n, _k) = (m, n, k);
        (_transposeA, _transposeB, _accumulate, _direct) = (transposeA, transposeB, accumulate, direct);
        _partition = partition;
    }

    /// <summary>
    /// Whether to split a product over <paramref name="runner"/>: always when it is large enough to repay waking a
    /// worker, and from a much smaller size when the workers are awake anyway (spinning after a recent job), where
    /// handing over half costs well under a microsecond. Bounds are on bytes × multiply-adds, since a double takes
    /// twice a float's time.
    /// </summary>
    public static bool ShouldSplit(int m, int n, int k, ParallelRunner runner)
    {
        long work = (long)m * n * k * Unsafe.SizeOf<T>();
        return work >= WakeWork || (work >= AwakeWork && runner.WorkersAwake);
    }

    // Measured on two cores of a virtual machine (float; single-threaded times in parentheses). With a worker spinning,
    // 64 × 64 × 128 (4 µs) already runs 1.6× faster. Waking a blocked worker costs the caller about 10 µs and the
    // worker 25–70 µs before it joins, so only products from about 256 × 512 × 256 (250 µs) gain from that.
    internal const long AwakeWork = 2L << 20;
    internal const long WakeWork = 128L << 20;

    /// <summary>How to cut C for <paramref name="threads"/> threads: one block each, which measured best on both paths.</summary>
    /// <remarks>
    /// A block packs its rows of A and its columns of B, so more blocks pack more. Even the direct path, which packs
    /// next to nothing, lost 3–15% with four or eight blocks per thread, which would only pay off for a worker that
    /// joins late.
    /// </remarks>
    public static GemmPartition Partition(int m, int n, bool direct, int threads)
        => GemmPartition.For(m, n, TKernel.MR, TKernel.NR, threads, packingCost: direct ? 1 : 32);

    /// <summary>
    /// <c>c (+)= op(a)·op(b)</c> (plus <paramref name="row"/> in every row, unless it is empty) for validated,
    /// non-empty sizes on the threads of <paramref name="runner"/>, on the direct path when <paramref name="direct"/>
    /// and the blocked one otherwise.
    /// </summary>
    public static void Run(ParallelRunner runner, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate, bool direct, ReadOnlySpan<T> row = default)
    {
        GemmPartition partition = Partition(m, n, direct, runner.Degree);
        runner.Run(new GemmParallel<T, TKernel>(a, b, c, m, n, k, transposeA, transposeB, accumulate, direct, partition, row), partition.Parts);
    }

    /// <inheritdoc/>
    public void Run(int part)
    {
        GemmBlock block = _partition.Block(part);
        if (_direct) GemmDirect.Run<T, TKernel>(_a, _b, _c, _m, _n, _k, _transposeA, _transposeB, _accumulate, block, _row);
        else GemmBlocking.Run<T, TKernel>(_a, _b, _c, _m, _n, _k, _transposeA, _transposeB, _accumulate, GemmBlocking.SizesFor<T, TKernel>(), block, _row);
    }
}
