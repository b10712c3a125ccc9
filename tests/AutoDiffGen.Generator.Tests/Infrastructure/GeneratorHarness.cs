using System.Collections.Immutable;
using System.Numerics.Tensors;
using AutoDiffGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Tests.Infrastructure;

/// <summary>Runs the generator over source text in memory, the way the compiler would.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

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
    /// The generator's result for <paramref name="sources"/>, and the compilation with the generated files added.
    /// Every run is also checked for incrementality: a second run re-runs nothing and no stage holds compiler objects.
    /// </summary>
    public static (GeneratorRunResult Result, Compilation Output, GeneratorDriver Driver) Run(params string[] sources)
    {
        var compilation = Compile(sources);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        IncrementalChecks.AssertIncremental(driver, compilation);
        return (driver.GetRunResult().Results.Single(), output, driver);
    }

    /// <summary>Runs the generator and requires that it reports nothing and that the generated code compiles cleanly.</summary>
    public static (GeneratorRunResult Result, Compilation Output) RunClean(params string[] sources)
    {
        var (result, output, _) = Run(sources);
        Assert.Empty(result.Diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(errors.Count == 0, "Generated code does not compile cleanly:\n" + string.Join("\n", errors));
        return (result, output);
    }
}
