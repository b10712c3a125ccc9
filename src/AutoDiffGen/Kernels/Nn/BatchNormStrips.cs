using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>One batch-norm pass over the features <c>[first, first + width)</c> of every row.</summary>
internal interface IBatchNormStrip<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The strip with <typeparamref name="TSimd"/> registers, its last lanes one at a time.</summary>
    void Run<TSimd>(nint first, nint width) where TSimd : struct, ISimd<TSimd, T>;
}

/// <summary>
/// Cuts a batch norm's features into strips of <see cref="Width"/> and hands them to the threads. A strip is read row by
/// row, each row a contiguous run of <see cref="Width"/> values, with the per-feature partial sums in a small scratch
/// buffer that stays in L1: a column walk instead loads one register per row, a row's stride apart, which the
/// prefetchers cannot follow once the stride crosses a page.
/// </summary>
internal static class BatchNormStrips
{
    /// <summary>Features per strip: a kilobyte of floats per row, and a few kilobytes of partial sums.</summary>
    internal const int Width = 256;

    public static void Run<T, TStrip>(TStrip strip, int count, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStrip : IBatchNormStrip<T>, allows ref struct
    {
        int strips = (features + Width - 1) / Width;
        var runner = ParallelRunner.Shared;
        if (strips == 1 || runner.Degree == 1 || (long)count * features < FusedLoop.ParallelThreshold)
        {
            for (int s = 0; s < strips; s++) RunStrip<T, TStrip>(strip, s, features);
            return;
        }
        runner.Run(new Parts<T, TStrip>(strip, features), strips);
    }

    /// <summary>Strip <paramref name="index"/> in the widest register the machine has.</summary>
    private static void RunStrip<T, TStrip>(TStrip strip, int index, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStrip : IBatchNormStrip<T>, allows ref struct
    {
        nint first = index * Width, width = Math.Min(Width, features - index * Width);
        if (Simd512<T>.IsHardwareAccelerated) strip.Run<Simd512<T>>(first, width);
        else if (Simd256<T>.IsHardwareAccelerated) strip.Run<Simd256<T>>(first, width);
        else strip.Run<SimdScalar<T>>(first, width);
    }

    private readonly ref struct Parts<T, TStrip>(TStrip strip, int features) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStrip : IBatchNormStrip<T>, allows ref struct
    {
        private readonly TStrip _strip = strip;

        public void Run(int part) => RunStrip<T, TStrip>(_strip, part, features);
    }
}
