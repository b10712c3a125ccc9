using System.Diagnostics;
using System.Text.RegularExpressions;
using AutoDiffGen.Benchmarks.Makemore;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Benchmarks.Machine;

/// <summary>
/// Where a generated training step's time goes, kernel by kernel: the step runs with the runtime's kernel profiler on
/// (which needs <c>AUTODIFFGEN_PROFILE=1</c> from the start of the process, so the mode starts itself again with it),
/// and the time outside every kernel is the generated code's own (clears, copies, shape checks).
/// </summary>
public static partial class StepProfile
{
    public static int Run(string size, double seconds)
    {
        if (!KernelProfiler.Enabled)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(StepProfile).Assembly.Location);
            foreach (string argument in new[] { "--profile", size, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }) start.ArgumentList.Add(argument);
            start.Environment["AUTODIFFGEN_PROFILE"] = "1";
            using var child = Process.Start(start)!;
            child.WaitForExit();
            return child.ExitCode;
        }

        MachineReport.Print(withPeak: false);
        var problem = new MakemoreProblem(MakemoreSize.Named(size));
        var gradients = new MakemoreNetwork.LossGradients();
        // Warm for a second, not a fixed count: until every method has reached its optimized tier (the tiered JIT
        // recompiles hot methods on a background thread, which on two cores also takes time from the step), the
        // first timing would be the JIT's as much as the step's.
        TimeSteps(problem, gradients, 1.0, out _);

        // Unprofiled first, for the step's real time; then profiled, for the shares.
        double plain = TimeSteps(problem, gradients, seconds / 2, out _);
        KernelProfiler.Reset();
        double profiled = TimeSteps(problem, gradients, seconds / 2, out long steps);
        var kernels = KernelProfiler.Snapshot();

        Console.WriteLine($"makemore {problem.Size}: {plain:F2} µs per step ({profiled:F2} µs profiled, {steps} steps)");
        Console.WriteLine($"{"kernel",-58} {"calls",6} {"µs/step",10} {"share",7}");
        double total = profiled * steps;
        double inKernels = 0, gemmMicroseconds = 0, gemmFlops = 0;
        foreach (var (kernel, calls, time) in kernels)
        {
            double microseconds = time.TotalMicroseconds;
            inKernels += microseconds;
            Console.WriteLine($"{kernel,-58} {calls / (double)steps,6:F0} {microseconds / steps,10:F2} {microseconds / total,7:P1}");
            if (GemmShape().Match(kernel) is { Success: true } match)
            {
                gemmMicroseconds += microseconds;
                gemmFlops += 2.0 * double.Parse(match.Groups[1].Value) * double.Parse(match.Groups[2].Value) * double.Parse(match.Groups[3].Value) * calls;
            }
        }
        Console.WriteLine($"{"generated code outside the kernels",-58} {"",6} {(total - inKernels) / steps,10:F2} {(total - inKernels) / total,7:P1}");
        double peak = FmaPeak.Measure(AutoDiffGen.Benchmarks.Machine.FmaPeak.Widest, Environment.ProcessorCount);
        double gemmRate = gemmFlops / (gemmMicroseconds * 1e-6) / 1e9;
        Console.WriteLine($"GEMMs: {gemmRate:F1} GFLOP/s over {gemmMicroseconds / steps:F2} µs per step = {gemmRate / peak:P1} of the measured {Environment.ProcessorCount}-core FMA peak ({peak:F1} GFLOP/s)");
        double stepFlops = gemmFlops / steps;
        Console.WriteLine($"Whole step: {stepFlops / (plain * 1e-6) / 1e9:F1} GFLOP/s of matrix products = {stepFlops / (plain * 1e-6) / 1e9 / peak:P1} of peak");
        return 0;
    }

    private static double TimeSteps(MakemoreProblem problem, MakemoreNetwork.LossGradients gradients, double seconds, out long steps)
    {
        var clock = Stopwatch.StartNew();
        steps = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 20; i++) problem.GeneratedStep(gradients);
            steps += 20;
        }
        return clock.Elapsed.TotalMicroseconds / steps;
    }

    [GeneratedRegex(@"^GEMM \w\w (\d+)×(\d+)×(\d+)")]
    private static partial Regex GemmShape();
}
