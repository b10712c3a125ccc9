using System.Collections.Immutable;
using System.Numerics.Tensors;
using AutoDiffGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generator.Tests.Infrastructure;

/// <summary>Runs the generator over source text in memory, the way the compiler would.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    /// <summary>The running framework, System.Numerics.Tensors and the runtime library: what user code compiles against.</summary>
    public static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(Tensor).Assembly.Location);
        paths.Add(typeof(DifferentiableAttribute).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    public static CSharpCompilation Compile(params string[] sources)
        => CSharpCompilation.Create(
            "UserCode",
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"File{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            new[] { new AutoDiffGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// The generator's result for <paramref name="sources"/>, the compilation with the generated files added, and the
    /// analyzer's diagnostics on that compilation, as a build sees them. Every run is also checked: the generator itself
    /// reports nothing, and a second run re-runs nothing and no stage holds compiler objects.
    /// </summary>
    public static GeneratorRun Run(params string[] sources)
    {
        var compilation = Compile(sources);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        IncrementalChecks.AssertIncremental(driver, compilation);
        var result = driver.GetRunResult().Results.Single();
        Assert.Empty(result.Diagnostics);
        return new GeneratorRun(result, Analyze(output), output, driver);
    }

    /// <summary>Runs the generator and requires that nothing is reported and that the generated code compiles cleanly.</summary>
    public static (GeneratorRunResult Result, Compilation Output) RunClean(params string[] sources)
    {
        var run = Run(sources);
        Assert.Empty(run.Diagnostics);
        var errors = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, "Generated code does not compile cleanly:\n" + string.Join("\n", errors));
        return (run.Result, run.Output);
    }

    /// <summary>What <see cref="AutoDiffAnalyzer"/> reports on <paramref name="compilation"/>; an exception in it fails the test.</summary>
    public static ImmutableArray<Diagnostic> Analyze(Compilation compilation, AnalyzerOptions? options = null)
        => Analyze(compilation, options, analyzers => analyzers.GetAnalyzerDiagnosticsAsync());

    /// <summary>
    /// What <see cref="AutoDiffAnalyzer"/> reports in one file, as the editor asks for an open document: the generated
    /// files are not compiled for it, which keeps the tests that analyze thousands of methods fast.
    /// </summary>
    public static ImmutableArray<Diagnostic> AnalyzeFile(Compilation compilation, SyntaxTree tree)
        => Analyze(compilation, null, analyzers => analyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), null, CancellationToken.None));

    private static ImmutableArray<Diagnostic> Analyze(Compilation compilation, AnalyzerOptions? options,
        Func<CompilationWithAnalyzers, Task<ImmutableArray<Diagnostic>>> query)
    {
        Exception? thrown = null;
        var analyzers = compilation.WithAnalyzers([new AutoDiffAnalyzer()], new CompilationWithAnalyzersOptions(
            options ?? new AnalyzerOptions([]), (exception, _, _) => thrown ??= exception, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = query(analyzers).GetAwaiter().GetResult();
        if (thrown is not null) throw new InvalidOperationException("The analyzer threw.", thrown);
        return diagnostics;
    }
}

/// <summary>One generator run: its result, the analyzer's diagnostics, the compilation with the generated files, and the driver.</summary>
internal sealed record GeneratorRun(GeneratorRunResult Result, ImmutableArray<Diagnostic> Diagnostics, Compilation Output, GeneratorDriver Driver);
