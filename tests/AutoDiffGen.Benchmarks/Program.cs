using System.Diagnostics;
using AutoDiffGen.Benchmarks.Machine;
using AutoDiffGen.Benchmarks.Makemore;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --filter '*'     (see docs/performance.md)
// dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --loop small 10  (the generated step in a loop, for a profiler)
// dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --profile medium 10  (the step's time, kernel by kernel)
// dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --gemm 256x512x512 TN 2 3  (one product shape in a loop, against the peak)
// dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --machine  (the processor, the GEMM's choices, the FMA peak)
if (args is ["--profile", string profiled, string profileSeconds])
    return StepProfile.Run(profiled, double.Parse(profileSeconds, System.Globalization.CultureInfo.InvariantCulture));
if (args is ["--gemm", string gemmShape, string layout, string threads, string gemmSeconds])
    return GemmLoop.Run(gemmShape, layout, int.Parse(threads), double.Parse(gemmSeconds, System.Globalization.CultureInfo.InvariantCulture));
if (args is ["--machine"])
{
    MachineReport.Print(withPeak: true);
    return 0;
}
if (args is ["--loop", string size, string seconds])
{
    var problem = new MakemoreProblem(MakemoreSize.Named(size));
    var gradients = new MakemoreNetwork.LossGradients();
    var clock = Stopwatch.StartNew();
    long steps = 0;
    while (clock.Elapsed.TotalSeconds < double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture))
    {
        for (int i = 0; i < 100; i++) problem.GeneratedStep(gradients);
        steps += 100;
    }
    Console.WriteLine($"{steps} steps, {clock.Elapsed.TotalMicroseconds / steps:F2} µs per step");
    return 0;
}
MachineReport.Print(withPeak: true);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
