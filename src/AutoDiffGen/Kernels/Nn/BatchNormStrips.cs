using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>One batch-norm pass over the features <c>[first, first + width)</c> of every row.</summary>
internal interface IBatchNormStrip<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The strip with <typeparamref name="TSimd"/> registers, its last lanes one at a time.</summary>
    void Run<TSimd>(nint first, nint width) where TSimd : struct, ISimd<TSimd, T>;
}

/// <summary>
/// Cuts a batch norm's features into strips and hands them to the threads. A strip is read row by row, each row a
/// contiguous run of the strip's width, with the per-feature partial sums in a small scratch buffer: a column walk
/// instead loads one register per row, a row's stride apart, which the prefetchers cannot follow once the stride
/// crosses a page. The strips are as wide as <see cref="MaxWidth"/> allows, and as many as the threads: runs of a
/// page or more keep the hardware prefetchers streaming, and short runs spend the time on the row loop.
/// </summary>
internal static class BatchNormStrips
{
    /// <summary>The widest strip: a page of floats per row, and the scratch rows a strip needs stay a few pages.</summary>
    internal const int MaxWidth = 1024;

    /// <summary>Strip widths stay whole cache lines of doubles, so a strip's runs start on a line.</summary>
    private const int Alignment = 8;

    public static void Run<T, TStrip>(TStrip strip, int count, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStrip : IBatchNormStrip<T>, allows ref struct
    {
        var runner = ParallelRunner.Shared;
        bool parallel = runner.Degree > 1 && (long)count * features >= FusedLoop.ParallelThreshold;
        int width = StripWidth(features, parallel ? runner.Degree : 1);
        int strips = (features + width - 1) / width;
        if (!parallel || strips == 1)
        {
            for (int s = 0; s < strips; s++) RunStrip<T, TStrip>(strip, s, width, features);
            return;
        }
        runner.Run(new Parts<T, TStrip>(strip, width, features), strips);
    }

    /// <summary>
    /// The width that gives every one of <paramref name="threads"/> a strip, no wider than <see cref="MaxWidth"/>.
    /// The per-feature summation order does not depend on it, so neither do the bits.
    /// </summary>
    internal static int StripWidth(int features, int threads)
    {
        int share = (features + threads - 1) / Math.Max(threads, 1);
        int aligned = (share + Alignment - 1) / Alignment * Alignment;
        return Math.Clamp(aligned, Alignment, MaxWidth);
    }

    /// <summary>Strip <paramref name="index"/> in the widest register the machine has.</summary>
    private static void RunStrip<T, TStrip>(TStrip strip, int index, int stripWidth, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStrip : IBatchNormStrip<T>, allows ref struct
    {
        nint first = (nint)index * stripWidth, width = Math.Min(stripWidth, features - first);
        if (Simd512<T>.IsHardwareAccelerated) strip.Run<Simd512<T>>(first, width);
        else if (Simd256<T>.IsHardwareAccelerated) strip.Run<Simd256<T>>(first, width);
        else strip.Run<SimdScalar<T>>(first, width);
    }

    private readonly ref struct Parts<T, TStrip>(TStrip strip, int width, int features) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStrip : IBatchNormStrip<T>, allows ref struct
    {
        private readonly TStrip _strip = strip;

        public void Run(int part) => RunStrip<T, TStrip>(_strip, part, width, features);
    }
}
