using AutoDiffGen.Kernels;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>The GEMM alone, float, in the three layouts the backward pass uses.</summary>
[MemoryDiagnoser]
[WarmupCount(5)]
[IterationCount(15)]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private int _m, _n, _k;
    private bool _transposeA, _transposeB;

    [Params("1024x1024x1024", "256x784x512", "32x30x64")]
    public string Shape { get; set; } = "32x30x64";

    [Params("NN", "NT", "TN")]
    public string Layout { get; set; } = "NN";

    [GlobalSetup]
    public void Setup()
    {
        var dims = Shape.Split('x').Select(int.Parse).ToArray();
        (_m, _n, _k) = (dims[0], dims[1], dims[2]);
        (_transposeA, _transposeB) = (Layout[0] == 'T', Layout[1] == 'T');
        var random = new Random(42);
        _a = Enumerable.Range(0, _m * _k).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        _b = Enumerable.Range(0, _k * _n).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        _c = new float[_m * _n];
    }

    /// <summary>2·m·n·k floating-point operations per call.</summary>
    public double Flops => 2.0 * _m * _n * _k;

    [Benchmark]
    public void Multiply() => Gemm.Multiply<float>(_a, _b, _c, _m, _n, _k, _transposeA, _transposeB);
}
