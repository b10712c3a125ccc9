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
    private readonly int _m, _n, _k;
    private readonly bool _transposeA, _transposeB, _accumulate, _direct;
    private readonly GemmPartition _partition;

    /// <summary>The product, to run on <see cref="GemmDirect"/> when <paramref name="direct"/> and on <see cref="GemmBlocking"/> otherwise.</summary>
    public GemmParallel(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k,
        bool transposeA, bool transposeB, bool accumulate, bool direct, GemmPartition partition)
    {
        _a = a;
        _b = b;
        _c = c;
        (_m, _n, _k) = (m, n, k);
        (_transposeA, _transposeB, _accumulate, _direct) = (transposeA, transposeB, accumulate, direct);
        _partition = partition;
    }

    /// <summary>
    /// Whether a product is large enough to split: below this, handing half of it to another thread costs more than it
    /// saves. Measured on two cores; a double takes twice a float's time, so the bound is on bytes × multiply-adds.
    /// </summary>
    public static bool IsWorthSplitting(int m, int n, int k)
        => (long)m * n * k * Unsafe.SizeOf<T>() >= MinimumWork;

    private const long MinimumWork = 8L << 20;

    /// <inheritdoc/>
    public void Run(int part)
    {
        GemmBlock block = _partition.Block(part);
        if (_direct) GemmDirect.Run<T, TKernel>(_a, _b, _c, _m, _n, _k, _transposeA, _transposeB, _accumulate, block);
        else GemmBlocking.Run<T, TKernel>(_a, _b, _c, _m, _n, _k, _transposeA, _transposeB, _accumulate, GemmBlocking.SizesFor<T, TKernel>(), block);
    }
}
