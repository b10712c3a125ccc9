using AutoDiffGen.Benchmarks.Peers.Comparisons;
using AutoDiffGen.Benchmarks.Peers.Timing;

namespace AutoDiffGen.Benchmarks.Peers;

/// <summary>The final report, in markdown.</summary>
public static class ResultsTable
{
    public static void PrintMakemore(IReadOnlyList<StepComparison> steps, IReadOnlyList<MatmulComparison> products, DoubleGradientCheck check, double peak)
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
    }

    public static void PrintGpt(IReadOnlyList<GptComparison> gpts)
    {
        Console.WriteLine();
        Console.WriteLine("### GPT forward + backward step, whole model (float32)");
        Console.WriteLine();
        Console.WriteLine("| configuration | TorchSharp median | AutoDiffGen median | speed-up (TorchSharp / AutoDiffGen) | spread TorchSharp, AutoDiffGen | cores busy TorchSharp, AutoDiffGen | allocated per generated step (thread, process) | AutoDiffGen workspace (of it gradients) | libtorch peak RSS growth in a step + .grad | libtorch forward tensors held | max rel. difference float64 | max rel. difference float32 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var g in gpts)
        {
            string torchMemory = g.TorchPeakGrowth is { } growth ? $"{Bytes(growth)} + {Bytes(g.GradientBytes)}" : "n/a";
            Console.WriteLine($"| {g.Size} | {Time(g.Torch.Median)} | {Time(g.Generated.Median)} | **{g.SpeedUp:F2}×** | {Percent(g.Torch.Spread)}, {Percent(g.Generated.Spread)} | {g.Torch.CoresBusy:F2}, {g.Generated.CoresBusy:F2} | {g.AllocatedPerStep} B, {g.AllocatedPerStepInProcess} B | {Bytes(g.WorkspaceBytes)} ({Bytes(g.GradientBytes)}) | {torchMemory} | {Bytes(g.TorchForwardBytes)} | {g.Float64.Largest:E1} ({g.Float64.Worst}) | {g.Float32.Largest:E1} ({g.Float32.Worst}) |");
        }
        Console.WriteLine();
        Console.WriteLine("| configuration | loss, AutoDiffGen float64 | loss, TorchSharp float64 | loss, AutoDiffGen float32 | loss, TorchSharp float32 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var g in gpts)
            Console.WriteLine($"| {g.Size.Name} | {g.Float64.GeneratedLoss:R} | {g.Float64.TorchLoss:R} | {g.Float32.GeneratedLoss:G9} | {g.Float32.TorchLoss:G9} |");
        Console.WriteLine();
        Console.WriteLine("- Same weights and batch on both sides. A step is the whole model: embeddings, the L blocks (one loop over weights stacked [L, …]; in libtorch each block with leaves of its own, as nanoGPT's modules, its gradients stacked afterwards to compare), the final LayerNorm, the output projection tied to the token embedding and the mean cross-entropy, then every parameter's gradient.");
        Console.WriteLine("- Max rel. difference: over the loss and every parameter's gradient (a stacked parameter's over all its layers), each gradient's largest absolute difference over its largest magnitude (parameter in brackets); float64 against libtorch float64, float32 against libtorch float32.");
        Console.WriteLine("- Workspace: every private array of the generated gradients object (forward values kept for the backward pass, adjoints, gradients), read by reflection. libtorch: the resident memory its step takes at its peak above where it started (glibc trimmed and the peak reset first), plus the .grad tensors it keeps between steps; and the distinct storages of the tensors its forward pass leaves alive until backward.");
    }

    public static void PrintMachine(int torchThreads, PairedTimer timer, (string Start, string End) load)
    {
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

    /// <summary>Bytes as kB or MB (powers of 10), to a tenth.</summary>
    private static string Bytes(long bytes)
        => bytes >= 1_000_000 ? $"{bytes / 1e6:F1} MB" : bytes >= 1000 ? $"{bytes / 1e3:F1} kB" : $"{bytes} B";

    /// <summary>Seconds as µs, ms or s, three significant figures.</summary>
    public static string Time(double seconds)
        => seconds >= 1 ? $"{seconds:G3} s" : seconds >= 1e-3 ? $"{seconds * 1e3:G3} ms" : $"{seconds * 1e6:G3} µs";
}
