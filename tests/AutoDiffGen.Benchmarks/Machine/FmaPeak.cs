using System.Diagnostics;
using System.Runtime.CompilerServices;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Benchmarks.Machine;

/// <summary>
/// The machine's float32 arithmetic peak as measured: twelve independent chains of fused multiply-adds at one register
/// width, nothing loaded or stored, on one thread or on every core. Twelve chains cover two FMA pipes of four cycles'
/// latency with room to spare, so this is what the cores can do, and GEMM figures are fractions of it.
/// </summary>
public static class FmaPeak
{
    /// <summary>The widest register width the hardware accelerates, in bits.</summary>
    public static int Widest => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 512
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? 256 : 128;

    /// <summary>Runs <paramref name="flops"/> floating-point operations (2 per lane of each FMA) at the widest register width, split over <paramref name="threads"/>.</summary>
    public static void Run(double flops, int threads)
    {
        long steps = (long)(flops / (2.0 * 12 * (Widest / 32)) / threads);
        if (threads == 1) Chains(Widest, steps);
        else ParallelRunner.Shared.Run(new Work(steps, Widest), threads);
    }

    /// <summary>GFLOP/s at a width (512, 256 or 128 bits) on one thread or on every core, best of five runs of 0.1–0.3 s.</summary>
    public static double Measure(int width, int threads)
    {
        double best = 0;
        for (int run = 0; run < 6; run++)
        {
            const long steps = 25_000_000;
            long start = Stopwatch.GetTimestamp();
            if (threads == 1) Chains(width, steps);
            else ParallelRunner.Shared.Run(new Work(steps, width), threads);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (run > 0) best = Math.Max(best, steps * threads * 12.0 * 2 * (width / 32) / seconds / 1e9);
        }
        return best;
    }

    private static void Chains(int width, long steps)
    {
        if (width == 512) Chains<Simd512<float>>(steps);
        else if (width == 256) Chains<Simd256<float>>(steps);
        else Chains<Simd128<float>>(steps);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains<TSimd>(long steps)
        where TSimd : struct, ISimd<TSimd, float>
    {
        var x = TSimd.Splat(1.0001f);
        var y = TSimd.Splat(0.9999f);
        TSimd a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x;
        for (long i = 0; i < steps; i++)
        {
            a0 = TSimd.MultiplyAdd(a0, y, x); a1 = TSimd.MultiplyAdd(a1, y, x); a2 = TSimd.MultiplyAdd(a2, y, x);
            a3 = TSimd.MultiplyAdd(a3, y, x); a4 = TSimd.MultiplyAdd(a4, y, x); a5 = TSimd.MultiplyAdd(a5, y, x);
            a6 = TSimd.MultiplyAdd(a6, y, x); a7 = TSimd.MultiplyAdd(a7, y, x); a8 = TSimd.MultiplyAdd(a8, y, x);
            a9 = TSimd.MultiplyAdd(a9, y, x); a10 = TSimd.MultiplyAdd(a10, y, x); a11 = TSimd.MultiplyAdd(a11, y, x);
        }
        return TSimd.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private readonly struct Work(long steps, int width = 512) : IParallelWork
    {
        public void Run(int part) => Chains(width, steps);
    }
}
