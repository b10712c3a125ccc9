using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>The AVX-512 micro-kernels the GEMM chooses between.</summary>
internal enum GemmKernel512
{
    /// <summary><see cref="GemmMicroKernel512{T}"/>: 8 rows × 2 registers, 16 accumulators, 10 loads per 16 FMAs.</summary>
    Rows8,

    /// <summary><see cref="GemmMicroKernel512Wide{T}"/>: 6 rows × 4 registers, 24 accumulators, 10 loads per 24 FMAs.</summary>
    Rows6Wide,
}

/// <summary>A micro-kernel choice and how it was made, for the benchmarks' report.</summary>
internal sealed record GemmKernelChoice(GemmKernel512 Kernel, string Reason);

/// <summary>
/// Fits the GEMM to the machine it runs on: block sizes from the cache sizes the OS reports, and the AVX-512
/// micro-kernel from a table of measured processors, or, on a processor nobody measured, from a short calibration on
/// first use (a few milliseconds, once per process). Every kernel computes each element of C as the same chain of
/// fused multiply-adds in increasing k, so the choice changes the speed, never a bit of the result.
/// </summary>
internal static class GemmTuning
{
    // Initialized in this order: the choice, then the field the GEMM dispatches on.
    private static readonly Lazy<GemmKernelChoice> Chosen = new(() => Choose(CpuInfo.Current, Calibrate));

    /// <summary>The kernel this process uses (chosen on first use of a GEMM that needs it).</summary>
    public static GemmKernelChoice Choice => Chosen.Value;

    /// <summary>The kernel as a field the JIT reads as a constant once it has been initialized.</summary>
    public static readonly GemmKernel512 Kernel512 = Choice.Kernel;

    /// <summary>
    /// The table: processors where the kernels were measured and one clearly won, by vendor and family. Zen 3/4
    /// (family 25) and Zen 5 (family 26) split an AVX-512 FMA over their 256-bit pipes and have load bandwidth to
    /// spare, so the narrower tile, which wastes less on ragged edges, is as fast as the wide one at 1024³ and
    /// faster below.
    /// </summary>
    public static GemmKernel512? FromTable(CpuInfo cpu) => (cpu.Vendor, cpu.Family) switch
    {
        (CpuInfo.Amd, 25 or 26) => GemmKernel512.Rows8,
        _ => null,
    };

    /// <summary>The table's entry for <paramref name="cpu"/>, else what <paramref name="calibrate"/> measures.</summary>
    public static GemmKernelChoice Choose(CpuInfo cpu, Func<GemmKernel512> calibrate)
    {
        if (FromTable(cpu) is { } known) return new GemmKernelChoice(known, $"table: {cpu.Vendor} family {cpu.Family}");
        if (!Vector512.IsHardwareAccelerated) return new GemmKernelChoice(GemmKernel512.Rows8, "no AVX-512: not used");
        return new GemmKernelChoice(calibrate(), $"calibrated on first use ({cpu.Vendor} family {cpu.Family} model {cpu.Model} is not in the table)");
    }

    /// <summary>
    /// Block sizes for a kernel of <paramref name="mr"/> × <paramref name="nr"/> elements of <paramref name="elementSize"/>
    /// bytes, from L2: a KC × NR sliver of B takes a sixteenth of it and an MC × KC block of A a quarter, so both stay
    /// there while the block's tiles are computed; a KC × NC panel of B takes half of L3, at most 8 MiB.
    /// </summary>
    /// <remarks>
    /// KC is the depth each tile of C is loaded and stored for, so the deeper the better while the slivers stay in
    /// L2: on Zen 4 (1 MiB L2) 1024³ floats ran at 72–80 % of the core's FMA peak with KC 128–192 (an L1-sized
    /// sliver) and 82–89 % with KC 384–512, and MC between 96 and 288 made no difference beyond the run-to-run noise.
    /// </remarks>
    public static GemmBlockSizes BlockSizes(CacheSizes caches, int mr, int nr, int elementSize)
    {
        int kc = Math.Clamp(caches.L2 / 16 / (nr * elementSize), 128, 512) / 32 * 32;
        int mc = Math.Clamp(caches.L2 / 4 / (kc * elementSize), mr, 1024) / mr * mr;
        long panel = Math.Min(Math.Max(caches.L3, caches.L2) / 2, 8L * 1024 * 1024);
        int nc = (int)Math.Max(nr, panel / (kc * elementSize) / nr * nr);
        return new GemmBlockSizes(kc, mc, nc);
    }

    /// <summary>The block sizes a kernel uses on this machine.</summary>
    public static GemmBlockSizes BlockSizes<T, TKernel>()
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
        => Sizes<T, TKernel>.Value;

    private static class Sizes<T, TKernel>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        public static readonly GemmBlockSizes Value = BlockSizes(CpuInfo.Current.Caches, TKernel.MR, TKernel.NR, Unsafe.SizeOf<T>());
    }

    /// <summary>
    /// Times each kernel on one thread on a product the size of a block (192 × 768 × 256 floats, 75 M multiply-adds),
    /// best of five after a warm-up, and keeps the faster: about 10 ms in all.
    /// </summary>
    internal static GemmKernel512 Calibrate()
    {
        const int m = 192, n = 768, k = 256;
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = (i % 17) * 0.01f;
        for (int i = 0; i < b.Length; i++) b[i] = (i % 13) * 0.01f;
        double rows8 = Time<GemmMicroKernel512<float>>(a, b, c, m, n, k);
        double wide = Time<GemmMicroKernel512Wide<float>>(a, b, c, m, n, k);
        return wide < rows8 * 0.97 ? GemmKernel512.Rows6Wide : GemmKernel512.Rows8;
    }

    private static double Time<TKernel>(float[] a, float[] b, float[] c, int m, int n, int k)
        where TKernel : struct, IGemmMicroKernel<float>
    {
        var sizes = BlockSizes<float, TKernel>();
        GemmBlocking.Run<float, TKernel>(a, b, c, m, n, k, false, false, false, sizes);
        double best = double.MaxValue;
        for (int run = 0; run < 5; run++)
        {
            long start = Stopwatch.GetTimestamp();
            GemmBlocking.Run<float, TKernel>(a, b, c, m, n, k, false, false, false, sizes);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return best;
    }
}
