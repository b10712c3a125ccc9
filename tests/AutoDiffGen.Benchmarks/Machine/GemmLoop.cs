using System.Diagnostics;
using System.Runtime.Intrinsics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Benchmarks.Machine;

/// <summary>
/// One product shape in a loop, against the FMA peak measured in the same process: for trying a block size or a
/// kernel on one shape quickly (the BenchmarkDotNet suites stay the figures of record). <c>--gemm 256x512x512 TN 2 3</c>
/// runs <c>op(A)·op(B)</c> with the layout's transposes on 1 or 2 threads for about 3 seconds and prints the median of
/// its timed rounds.
/// </summary>
public static class GemmLoop
{
    public static int Run(string shape, string layout, int threads, double seconds)
    {
        MachineReport.Print(withPeak: false);
        var dims = shape.Split('x').Select(int.Parse).ToArray();
        var (m, n, k) = (dims[0], dims[1], dims[2]);
        bool transposeA = layout[0] == 'T', transposeB = layout[1] == 'T';
        var random = new Random(42);
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        float[] c = new float[m * n];
        ParallelRunner? runner = threads == 1 ? null : ParallelRunner.Shared;
        void Product()
        {
            if (threads == 2) Gemm.Multiply<float>(a, b, c, m, n, k, transposeA, transposeB);
            else if (Vector512.IsHardwareAccelerated) Gemm.Run<float, GemmMicroKernel512<float>, Simd512<float>>(a, b, c, m, n, k, transposeA, transposeB, false, runner);
            else Gemm.Run<float, GemmMicroKernel256<float>, Simd256<float>>(a, b, c, m, n, k, transposeA, transposeB, false, runner);
        }

        double flops = 2.0 * m * n * k;
        int perRound = Math.Max(1, (int)(2e9 * threads / flops / 20)); // rounds of about 1/20 s
        var rates = new List<double>();
        var cpuRates = new List<double>();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < perRound; i++) Product();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            long start = Stopwatch.GetTimestamp();
            double cpuStart = ThreadCpuSeconds();
            for (int i = 0; i < perRound; i++) Product();
            cpuRates.Add(flops * perRound / (ThreadCpuSeconds() - cpuStart) / 1e9);
            rates.Add(flops * perRound / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9);
        }
        double median = Median(rates);
        double peak = FmaPeak.Measure(FmaPeak.Widest, threads);
        Console.WriteLine($"GEMM {layout} {m}×{n}×{k}, {threads} thread(s): {median:F1} GFLOP/s (median of {rates.Count} rounds) = {median / peak:P1} of the measured {peak:F1} GFLOP/s peak");
        if (threads == 1)
        {
            // On a shared machine the wall clock counts time the thread was not running; its own CPU time does not.
            double cpuStart = ThreadCpuSeconds();
            const long steps = 25_000_000;
            FmaPeak.Run(steps * 2.0 * 12 * (FmaPeak.Widest / 32), 1);
            double cpuPeak = steps * 2.0 * 12 * (FmaPeak.Widest / 32) / (ThreadCpuSeconds() - cpuStart) / 1e9;
            Console.WriteLine($"  by the thread's CPU time: {Median(cpuRates):F1} GFLOP/s = {Median(cpuRates) / cpuPeak:P1} of {cpuPeak:F1} GFLOP/s");
        }
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    private static double ThreadCpuSeconds()
    {
        if (!OperatingSystem.IsLinux()) return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        ClockGetTime(ThreadCpuClock, out var time);
        return time.Seconds + time.Nanoseconds * 1e-9;
    }

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
}
