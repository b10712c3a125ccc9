using System.Diagnostics;
using AutoDiffGen.Benchmarks.Makemore;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --filter '*'     (see docs/performance.md)
// dotnet run -c Release --project tests/AutoDiffGen.Benchmarks -- --loop small 10  (the generated step in a loop, for a profiler)
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
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
