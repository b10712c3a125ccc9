using AutoDiffGen.Benchmarks.Peers.Comparisons;
using AutoDiffGen.Benchmarks.Peers.Timing;

namespace AutoDiffGen.Benchmarks.Peers;

/// <summary>The final report, in markdown.</summary>
public static class ResultsTable
{
    public static void Print(IReadOnlyList<StepComparison> steps, IReadOnlyList<MatmulComparison> products, DoubleGradientCheck check, int torchThreads, PairedTimer timer, (string Start, string End) load, double peak)
    {
        Console.WriteLine();
        Console.WriteLine("### Makemore forward + backward step (float32)");
        Console.WriteLine();
        Console.WriteLine("| size | TorchSharp median | AutoDiffGen median | speed-up (TorchSharp / AutoDiffGen) | spread (IQR / median) TorchSharp, AutoDiffGen | cores busy TorchSharp, AutoDiffGen | loss TorchSharp / AutoDiffGen | max rel. gradient difference (float32) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in steps)
            Console.WriteLine($"| {s.Size} | {Time(s.Torch.Median)} | {Time(s.Generated.Median)} | **{s.SpeedUp:F2}×** | {Percent(s.Torch.Spread)}, {Percent(s.Generated.Spread)} | {s.Torch.CoresBusy:F2}, {s.Generated.CoresBusy:F2} | {s.TorchLoss:F6} / {s.GeneratedLoss:F6} | {s.GradientDifference:E1} |");

        Console.WriteLine();
        Console.WriteLine("### Matrix product C = A·B (float32, NN)");
        Console.WriteLine();
        Console.WriteLine($"Measured {Machine.Cores}-core FMA peak in this process: {peak:F1} GFLOP/s (float32, widest vector).");
        Console.WriteLine();
        Console.WriteLine("| m×n×k | libtorch torch.matmul | AutoDiffGen Gemm.Multiply | AutoDiffGen / libtorch | of peak libtorch, AutoDiffGen | spread libtorch, AutoDiffGen | cores busy libtorch, AutoDiffGen |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var p in products)
            Console.WriteLine($"| {p.Shape} | {p.TorchGflops:F1} GFLOP/s ({Time(p.Torch.Median)}) | {p.GeneratedGflops:F1} GFLOP/s ({Time(p.Generated.Median)}) | **{Percent(p.Ratio)}** | {Percent(p.TorchGflops / peak)}, {Percent(p.GeneratedGflops / peak)} | {Percent(p.Torch.Spread)}, {Percent(p.Generated.Spread)} | {p.Torch.CoresBusy:F2}, {p.Generated.CoresBusy:F2} |");

        Console.WriteLine();
        Console.WriteLine($"### Gradients against libtorch float64 autograd ({check.Size.Name} problem, float64 both sides)");
        Console.WriteLine();
        Console.WriteLine($"Largest relative difference: **{check.Largest:E2}**; loss {check.GeneratedLoss:R} (AutoDiffGen) against {check.TorchLoss:R} (TorchSharp).");
        Console.WriteLine();
        Console.WriteLine("| parameter | " + string.Join(" | ", GradientDifference.ParameterNames) + " |");
        Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---:|", check.Differences.Length)));
        Console.WriteLine("| max rel. difference | " + string.Join(" | ", check.Differences.Select(d => d.ToString("E1"))) + " |");

        Console.WriteLine();
        Console.WriteLine("### Machine");
        Console.WriteLine();
        Console.WriteLine($"- CPU: {Machine.Cpu}, {Machine.Cores} cores, {Machine.Simd}");
        Console.WriteLine($"- {AutoDiffGen.Kernels.CpuInfo.Current.Caches}; GEMM kernel {AutoDiffGen.Kernels.GemmTuning.Choice.Kernel} ({AutoDiffGen.Kernels.GemmTuning.Choice.Reason})");
        Console.WriteLine($"- {Machine.Dotnet}; {Machine.TorchSharp}; torch threads: {torchThreads}");
        Console.WriteLine($"- Medians of {timer.Samples} samples per side (about {timer.SampleSeconds * 1000:F0} ms each), after warm-up; the two sides alternate, in one process.");
        Console.WriteLine($"- Load average (1 min) at start and end: {load.Start}, {load.End}. Cores busy is the process's CPU time over the wall time of a side's samples; libtorch's well below 2 at the medium and large sizes means another process took a core.");
    }

    private static string Percent(double fraction) => $"{fraction * 100:F0} %";

    /// <summary>Seconds as µs or ms, three significant figures.</summary>
    public static string Time(double seconds)
        => seconds >= 1e-3 ? $"{seconds * 1e3:G3} ms" : $"{seconds * 1e6:G3} µs";
}
