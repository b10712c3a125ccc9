using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using AutoDiffGen.Generator.Tests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace AutoDiffGen.Generator.Tests.Fuzzing;

/// <summary>
/// Property-based test of the generator over random well-formed methods: it never throws and never reports ADG0900,
/// it accepts them, the code it writes compiles, and for a sample the generated value equals the method's own value
/// and every gradient equals central finite differences (in double; float against the same method in double).
/// </summary>
/// <remarks>
/// The default run is a fixed seed and a few hundred methods. <c>AUTODIFFGEN_FUZZ_ITERATIONS</c> sets how many,
/// <c>AUTODIFFGEN_FUZZ_SEED</c> another seed, <c>AUTODIFFGEN_FUZZ_EXECUTE_EVERY</c> how often a method is run and
/// checked numerically (every n-th; methods with named arguments out of order always are),
/// <c>AUTODIFFGEN_FUZZ_LOOP_PERCENT</c> in how many of the methods that may have one a loop over layers is built (22 by
/// default; 100 for a run of loops; a case reproduces with the seed and this setting together),
/// and <c>AUTODIFFGEN_FUZZ_REPORT</c> a file the report is also written to.
/// </remarks>
[Collection(GeneratorRunsCollection.Name)]
public sealed class GeneratorFuzzTests(ITestOutputHelper output)
{
    /// <summary>The decisions a method is built from; CsCheck shrinks them to shorter lists of smaller numbers.</summary>
    internal static readonly Gen<int[]> Decisions = Gen.Int[0, 999].Array[8, 400];

    internal static readonly Gen<(int[] Decisions, FuzzMethod Method)> Methods = Decisions.Select(d => (d, MethodBuilder.Build(d)));

    private static int Setting(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;

    private static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_SEED"), out ulong seed) ? seed : 20260601UL;

    private sealed record Found(int Case, int[] Decisions, FuzzMethod Method, Failure Failure, bool Executed);

    internal static int[] DecisionsFor(int index, ulong seed) => Decisions.Generate(new PCG((uint)index, seed), null, out _);

    /// <summary>Runs one method; a failure of this test's own machinery is reported too, never swallowed.</summary>
    internal static Failure? Run(FuzzMethod method, int[] decisions, bool execute, FuzzStats stats)
    {
        try
        {
            return FuzzRunner.Check(method, () => MethodBuilder.Build(decisions, forceDouble: true), execute, stats);
        }
        catch (Exception e)
        {
            return new Failure($"checking threw {e.GetType().Name}: {FuzzRunner.Normalize(e.Message)}", e.ToString());
        }
    }

    [Fact]
    public void RandomMethods_GenerateCompileAndDifferentiateCorrectly()
    {
        int iterations = Setting("AUTODIFFGEN_FUZZ_ITERATIONS", 300);
        int executeEvery = Setting("AUTODIFFGEN_FUZZ_EXECUTE_EVERY", 2);
        ulong seed = Seed;
        var stats = new FuzzStats();
        var found = new ConcurrentBag<Found>();
        var clock = Stopwatch.StartNew();
        Parallel.For(0, iterations, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var decisions = DecisionsFor(i, seed);
            var method = MethodBuilder.Build(decisions);
            bool execute = method.Reordered || i % executeEvery == 0;
            var failure = Run(method, decisions, execute, stats);
            if (failure is not null) found.Add(new Found(i, decisions, method, failure, execute));
        });
        var sampled = clock.Elapsed;

        var report = new StringBuilder();
        report.AppendLine($"seed {seed}, {iterations} methods in {sampled.TotalSeconds:F1} s: {stats}");
        var groups = found.GroupBy(f => f.Failure.Key).OrderByDescending(g => g.Count()).ToList();
        report.AppendLine($"{found.Count} failing methods, {groups.Count} kinds of failure");

        // Each kind of failure shrunk to a small method that still fails the same way.
        var budget = TimeSpan.FromSeconds(Setting("AUTODIFFGEN_FUZZ_SHRINK_SECONDS", 40));
        var shrinkClock = Stopwatch.StartNew();
        int kind = 0;
        foreach (var group in groups)
        {
            kind++;
            var smallest = group.OrderBy(f => f.Method.Source.Length).First();
            var remaining = budget - shrinkClock.Elapsed;
            var perGroup = TimeSpan.FromTicks(Math.Max(0, remaining.Ticks / Math.Max(1, groups.Count - kind + 1)));
            var (decisions, method, failure) = Shrinker.Shrink(smallest.Decisions, smallest.Failure, smallest.Executed, perGroup);
            report.AppendLine();
            report.AppendLine($"=== {kind}. {group.Key} — {group.Count()} methods (cases {string.Join(", ", group.Select(f => f.Case).OrderBy(c => c).Take(10))}{(group.Count() > 10 ? ", …" : "")})");
            report.AppendLine(failure.Detail.Length > 1500 ? failure.Detail[..1500] + " …" : failure.Detail);
            report.AppendLine($"--- smallest method found (sizes {method.Sizes}):");
            report.AppendLine(method.Source);
        }

        // CsCheck's own shrinking from the first failing case, as a cross-check that the failure reproduces.
        var first = found.OrderBy(f => f.Method.Source.Length).FirstOrDefault();
        if (first is not null)
        {
            string seedText = new PCG((uint)first.Case, seed).ToString();
            try
            {
                Methods.Sample(t =>
                {
                    var failure = Run(t.Method, t.Decisions, first.Executed, new FuzzStats());
                    if (failure is not null && failure.Key == first.Failure.Key) throw new InvalidOperationException(failure.Key + "\n" + failure.Detail);
                }, seed: seedText, iter: Setting("AUTODIFFGEN_FUZZ_CSCHECK_ITERATIONS", 60), threads: 1, print: t => "\n" + t.Method.Source);
                report.AppendLine("\nCsCheck did not reproduce the first failure.");
            }
            catch (Exception e)
            {
                report.AppendLine();
                report.AppendLine("=== CsCheck's shrunk failure (from case " + first.Case + "):");
                report.AppendLine(e.Message.Length > 4000 ? e.Message[..4000] : e.Message);
            }
        }
        report.AppendLine($"\ntotal {clock.Elapsed.TotalSeconds:F1} s");

        string text = report.ToString();
        output.WriteLine(text);
        if (Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_REPORT") is { Length: > 0 } path) File.WriteAllText(path, text);
        Assert.True(found.IsEmpty, text);
    }
}
