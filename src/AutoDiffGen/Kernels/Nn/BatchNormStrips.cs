using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>One batch-norm pass over the features <c>[first, first + width)</c> of every row.</summary>
internal interface IBatchNormStrip
{
    void Run(int first, int width);
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

    public static void Run<TStrip>(TStrip strip, int count, int features) where TStrip : IBatchNormStrip, allows ref struct
    {
        int strips = (features + Width - 1) / Width;
        var runner = ParallelRunner.Shared;
        if (strips == 1 || runner.Degree == 1 || (long)count * features < FusedLoop.ParallelThreshold)
        {
            for (int s = 0; s < strips; s++) strip.Run(s * Width, Math.Min(Width, features - s * Width));
            return;
        }
        runner.Run(new Parts<TStrip>(strip, features), strips);
    }

    private readonly ref struct Parts<TStrip>(TStrip strip, int features) : IParallelWork where TStrip : IBatchNormStrip, allows ref struct
    {
        private readonly TStrip _strip = strip;

        public void Run(int part) => _strip.Run(part * Width, Math.Min(Width, features - part * Width));
    }
}
