using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace AutoDiffGen.Generator.Tests.Mutation;

/// <summary>
/// The snapshot tests' methods as a person types them: cut short, a token deleted or doubled, a [Shape] garbled,
/// named arguments reordered. On every mutant the generator must not throw and reports nothing, the analyzer must not
/// report ADG0900 and reports only its ordinary diagnostics, and each takes at most <see cref="SlowRunMilliseconds"/>. A mutant that means the same as the original must
/// be accepted and generate the same code. <c>AUTODIFFGEN_MUTATION_EVERY_CHARACTER=1</c> cuts at every character
/// of a body instead of at every token boundary.
/// </summary>
// Not beside the fuzzing test, which takes both cores: the mutants are timed.
[Collection(GeneratorRunsCollection.Name)]
public sealed class MutationTests(ITestOutputHelper output)
{
    // A bound that catches a pathological case (a backtracking parse, a cascade) with room for a loaded two-core
    // machine running other work; a slow run is retried, and the best of five counts.
    private const int SlowRunMilliseconds = 250;

    private static readonly HashSet<string> Ordinary =
    [
        "ADG0001", "ADG0002", "ADG0003", "ADG0004", "ADG0005", "ADG0006", "ADG0007", "ADG0008", "ADG0009", "ADG0010", "ADG0011",
        "ADG0101", "ADG0102", "ADG0103", "ADG0104", "ADG0105", "ADG0106",
        "ADG0201", "ADG0202", "ADG0203", "ADG0204", "ADG0205", "ADG0206", "ADG0207", "ADG0208", "ADG0209", "ADG0210",
        "ADG0301", "ADG0302",
    ];

    private static readonly MetadataReference[] References = GeneratorHarness.Compile().References.ToArray();

    private static readonly CSharpCompilationOptions Options = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    private static CSharpCompilation Compile(string text)
        => CSharpCompilation.Create("Mutant", [CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path: "Mutant.cs")], References, Options);

    /// <summary>
    /// The generator's run and the analyzer's, each timed. The analyzer's work for each declaration of the mutant's
    /// file is called directly, on the compilation with the generated files: through the analyzer driver, the time
    /// would be mostly the compiler binding the whole file again, which a build or the editor does anyway.
    /// </summary>
    private static MutantRun Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new AutoDiffGenerator().AsSourceGenerator()], parseOptions: GeneratorHarness.ParseOptions);
        var clock = Stopwatch.StartNew();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var generatorTime = clock.Elapsed;

        // Timed afresh: a method's diagnostics kept from an earlier run would make the analyzer look faster than it is.
        StageDiagnostics.Forget();
        var tree = compilation.SyntaxTrees.Single();
        clock.Restart();
        var model = output.GetSemanticModel(tree);
        var diagnostics = ImmutableArray<Diagnostic>.Empty;
        Exception? thrown = null;
        try
        {
            diagnostics = tree.GetRoot().DescendantNodesAndSelf().Where(node => AutoDiffAnalyzer.AttributeTargets.Contains(node.Kind()))
                .SelectMany(node => AutoDiffAnalyzer.DiagnosticsOf(node, model, CancellationToken.None)).ToImmutableArray();
        }
        catch (Exception exception)
        {
            thrown = exception;
        }
        return new MutantRun(driver.GetRunResult().Results.Single(), diagnostics, thrown, generatorTime, clock.Elapsed);
    }

    private sealed record MutantRun(GeneratorRunResult Result, ImmutableArray<Diagnostic> Diagnostics, Exception? AnalyzerException,
        TimeSpan GeneratorTime, TimeSpan AnalyzerTime)
    {
        public double SlowerMilliseconds => Math.Max(GeneratorTime.TotalMilliseconds, AnalyzerTime.TotalMilliseconds);

        public string Times => $"generator {GeneratorTime.TotalMilliseconds:F0} ms, analyzer {AnalyzerTime.TotalMilliseconds:F0} ms";
    }

    /// <summary>The generated files without comment lines, to compare two runs' code.</summary>
    private static string Code(GeneratorRunResult result)
        => string.Join("\n", result.GeneratedSources.OrderBy(s => s.HintName).SelectMany(s => s.SourceText.ToString().Split('\n'))
            .Select(l => l.Trim()).Where(l => !l.StartsWith("//", StringComparison.Ordinal)));

    [Fact]
    public void MutatedSnapshotMethods_NeverBreakTheGenerator()
    {
        bool everyCharacter = Environment.GetEnvironmentVariable("AUTODIFFGEN_MUTATION_EVERY_CHARACTER") == "1";
        var total = Stopwatch.StartNew();
        var sources = SnapshotSources.All();
        Assert.NotEmpty(sources);

        // Warm-up: the generator and the compiler JIT-compiled before anything is timed.
        foreach (var (_, source) in sources)
            for (int i = 0; i < 3; i++) Run(Compile(source));

        var failures = new List<(string Key, string Detail)>();
        var perKind = new Dictionary<string, int>();
        int mutants = 0, exceptions = 0, internalErrors = 0, unusual = 0, slow = 0;
        double slowest = 0;
        string slowestWhat = "";
        foreach (var (name, source) in sources)
        {
            var original = Run(Compile(source)).Result;
            string originalCode = Code(original);
            foreach (var mutant in Mutants.Of(source, everyCharacter).DistinctBy(m => m.Text))
            {
                mutants++;
                perKind[mutant.Kind] = perKind.GetValueOrDefault(mutant.Kind) + 1;
                var compilation = Compile(mutant.Text);
                var run = Run(compilation);
                var result = run.Result;
                double ms = run.SlowerMilliseconds;
                string times = run.Times;
                if (ms > SlowRunMilliseconds)
                {
                    // A garbage collection or the thread losing its core (the other test assembly runs alongside) is not
                    // the generator or the analyzer being slow: the best of five.
                    for (int i = 0; i < 4 && ms > SlowRunMilliseconds; i++)
                    {
                        var again = Run(compilation);
                        if (again.SlowerMilliseconds < ms) (ms, times) = (again.SlowerMilliseconds, again.Times);
                    }
                }
                if (ms > slowest) (slowest, slowestWhat) = (ms, $"{name}: {mutant.Kind}: {mutant.Description}: {times}");
                string where = $"{name}: {mutant.Kind}: {mutant.Description}";
                if (ms > SlowRunMilliseconds)
                {
                    slow++;
                    failures.Add(($"slower than {SlowRunMilliseconds} ms", $"{where}: {times}"));
                }
                if (result.Exception is not null)
                {
                    exceptions++;
                    failures.Add(($"generator threw {result.Exception.GetType().Name}", $"{where}\n{result.Exception}\n{Excerpt(mutant.Text)}"));
                    continue;
                }
                foreach (var d in result.Diagnostics)
                    failures.Add(("the generator reported " + d.Id, $"{where}\n{d}"));
                if (run.AnalyzerException is not null)
                {
                    exceptions++;
                    failures.Add(($"analyzer threw {run.AnalyzerException.GetType().Name}", $"{where}\n{run.AnalyzerException}\n{Excerpt(mutant.Text)}"));
                }
                foreach (var d in run.Diagnostics.Where(d => d.Id == "ADG0900"))
                {
                    internalErrors++;
                    failures.Add(("ADG0900 " + Fuzzing.FuzzRunner.Normalize(d.GetMessage()), $"{where}\n{d}\n{Excerpt(mutant.Text)}"));
                }
                foreach (var d in run.Diagnostics.Where(d => d.Id != "ADG0900" && !Ordinary.Contains(d.Id)))
                {
                    unusual++;
                    failures.Add(("unusual diagnostic " + d.Id, $"{where}\n{d}"));
                }
                if (mutant.StaysValid)
                {
                    var errors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                    if (errors.Count > 0)
                        failures.Add(($"reordered named arguments rejected with {errors[0].Id}", $"{where}\n{string.Join("\n", errors)}"));
                    else if (Code(result) != originalCode)
                        failures.Add(("reordered named arguments change the generated code", $"{where}\n{FirstDifference(originalCode, Code(result))}"));
                }
            }
        }

        var report = new StringBuilder();
        report.AppendLine($"{sources.Count} snapshot sources, {mutants} mutants ({string.Join(", ", perKind.Select(k => $"{k.Key} {k.Value}"))}), " +
                          $"truncation at every {(everyCharacter ? "character" : "token boundary")}");
        report.AppendLine($"generator or analyzer exceptions {exceptions}, ADG0900 {internalErrors}, unusual diagnostics {unusual}, runs over {SlowRunMilliseconds} ms {slow}, " +
                          $"slowest run {slowest:F1} ms ({slowestWhat}); total {total.Elapsed.TotalSeconds:F1} s");
        foreach (var group in failures.GroupBy(f => f.Key))
        {
            report.AppendLine();
            report.AppendLine($"=== {group.Key} — {group.Count()} mutants");
            foreach (var (_, detail) in group.OrderBy(f => f.Detail.Length).Take(3)) report.AppendLine(detail).AppendLine("---");
        }
        string text = report.ToString();
        output.WriteLine(text);
        if (Environment.GetEnvironmentVariable("AUTODIFFGEN_MUTATION_REPORT") is { Length: > 0 } path) File.WriteAllText(path, text);
        Assert.True(failures.Count == 0, text);
    }

    private static string Excerpt(string text) => text.Length > 3000 ? text[..3000] + " …" : text;

    private static string FirstDifference(string a, string b)
    {
        var left = a.Split('\n');
        var right = b.Split('\n');
        for (int i = 0; i < Math.Min(left.Length, right.Length); i++)
            if (left[i] != right[i]) return $"original:  {left[i]}\nreordered: {right[i]}";
        return $"original has {left.Length} lines, reordered {right.Length}";
    }
}
