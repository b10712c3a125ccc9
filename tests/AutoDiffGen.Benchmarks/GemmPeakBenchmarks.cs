using System.Runtime.Intrinsics;
using AutoDiffGen.Benchmarks.Machine;
using AutoDiffGen.Kernels;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The GEMM against the machine's own arithmetic peak, in the same run: the baseline does the product's 2·m·n·k
/// floating-point operations as independent FMA chains on as many threads, so 1 / ratio is the fraction of peak.
/// Each AVX-512 micro-kernel runs whatever this machine's tuning chose; Dispatched is what Gemm.Multiply runs.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(5)]
[IterationCount(15)]
[Config(typeof(Columns))]
public class GemmPeakBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private int _m, _n, _k;

    [Params("1024x1024x1024", "256x784x512")]
    public string Shape { get; set; } = "256x784x512";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var dims = Shape.Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k) = (dims[0], dims[1], dims[2]);
        var random = new Random(42);
        _a = Enumerable.Range(0, _m * _k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        _b = Enumerable.Range(0, _k * _n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        _c = new float[_m * _n];
        if (Threads > Environment.ProcessorCount) throw new InvalidOperationException($"{Threads} threads on {Environment.ProcessorCount} cores");
    }

    private ParallelRunner? Runner => Threads == 1 ? null : ParallelRunner.Shared;

    [Benchmark(Baseline = true)]
    public void FmaPeakSameFlops() => FmaPeak.Run(2.0 * _m * _n * _k, Threads);

    [Benchmark]
    public void Kernel8x32()
    {
        if (!Vector512.IsHardwareAccelerated) return;
        Gemm.Run<float, GemmMicroKernel512<float>, Simd512<float>>(_a, _b, _c, _m, _n, _k, false, false, false, Runner);
    }

    [Benchmark]
    public void Kernel6x64()
    {
        if (!Vector512.IsHardwareAccelerated) return;
        Gemm.Run<float, GemmMicroKernel512Wide<float>, Simd512<float>>(_a, _b, _c, _m, _n, _k, false, false, false, Runner);
    }

    /// <summary>Gemm.Multiply itself: the tuned kernel on every core (so only meaningful with Threads = 2).</summary>
    [Benchmark]
    public void Dispatched() => Gemm.Multiply<float>(_a, _b, _c, _m, _n, _k);

    private sealed class Columns : BenchmarkDotNet.Configs.ManualConfig
    {
        public Columns() => AddColumn(new PeakFractionColumn());
    }
}

/// <summary>The baseline's median over this case's: with an FMA-peak baseline, the fraction of peak reached.</summary>
public sealed class PeakFractionColumn : IColumn
{
    public string Id => nameof(PeakFractionColumn);
    public string ColumnName => "Of peak";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Fraction of the measured FMA peak on the same threads (baseline median / this median)";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var baseline = summary.GetBaseline(summary.GetLogicalGroupKey(benchmarkCase));
        var own = summary[benchmarkCase]?.ResultStatistics;
        var reference = baseline is null ? null : summary[baseline]?.ResultStatistics;
        if (own is null || reference is null || baseline == benchmarkCase) return "-";
        return (reference.Median / own.Median).ToString("P1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
