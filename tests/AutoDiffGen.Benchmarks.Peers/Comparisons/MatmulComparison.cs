using AutoDiffGen.Benchmarks.Peers.Timing;
using AutoDiffGen.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoDiffGen.Benchmarks.Peers.Comparisons;

/// <summary>C = A·B in float32 (no transposes): libtorch's torch.matmul against AutoDiffGen's Gemm.Multiply, in GFLOP/s.</summary>
public sealed record MatmulComparison(int M, int N, int K, Timings Torch, Timings Generated)
{
    public string Shape => $"{M}×{N}×{K}";

    public double TorchGflops => Gflops(Torch.Median);

    public double GeneratedGflops => Gflops(Generated.Median);

    /// <summary>AutoDiffGen's throughput as a fraction of libtorch's.</summary>
    public double Ratio => GeneratedGflops / TorchGflops;

    private double Gflops(double seconds) => 2.0 * M * N * K / seconds / 1e9;

    public static MatmulComparison Run(int m, int n, int k, PairedTimer timer)
    {
        var random = new Random(42);
        float[] a = Random(random, m * k), b = Random(random, k * n), c = new float[m * n];
        using var torchA = tensor(a, [m, k], ScalarType.Float32);
        using var torchB = tensor(b, [k, n], ScalarType.Float32);

        Gemm.Multiply<float>(a, b, c, m, n, k);
        using (NewDisposeScope())
        {
            float[] expected = matmul(torchA, torchB).data<float>().ToArray();
            double difference = c.Zip(expected, (x, y) => Math.Abs(x - y)).Max(), scale = expected.Max(Math.Abs);
            if (difference > 1e-4 * scale) throw new InvalidOperationException($"{m}×{n}×{k}: products differ by {difference:E2} (scale {scale:E2})");
        }

        var (torchTimes, generatedTimes) = timer.Measure(
            () => { using (NewDisposeScope()) matmul(torchA, torchB); },
            () => Gemm.Multiply<float>(a, b, c, m, n, k));
        return new MatmulComparison(m, n, k, torchTimes, generatedTimes);
    }

    private static float[] Random(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
}
