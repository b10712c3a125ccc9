using System.Numerics.Tensors;
using AutoDiffGen.Generator;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// The generator's own time on the makemore method: generating it from scratch after an edit to it, and running
/// again after an edit elsewhere (which re-runs Parse only; the caching tests check that no later stage re-runs).
/// </summary>
[MemoryDiagnoser]
[WarmupCount(5)]
[IterationCount(20)]
public class GeneratorBenchmarks
{
    private static readonly string Source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MakemoreNetwork.cs.txt"));
    private const string Unrelated = "namespace Elsewhere; public static class Helper { public static int Twice(int x) => 2 * x; }";

    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warmDriver = null!;
    private int _edit;

    [GlobalSetup]
    public void Setup()
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Tensor).Assembly.Location)
            .Append(typeof(DifferentiableAttribute).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path));
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        _compilation = CSharpCompilation.Create("Bench",
            [CSharpSyntaxTree.ParseText(Source, options, "Makemore.cs"), CSharpSyntaxTree.ParseText(Unrelated, options, "Unrelated.cs")],
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _warmDriver = NewDriver().RunGenerators(_compilation);
    }

    private static GeneratorDriver NewDriver() => CSharpGeneratorDriver.Create(new AutoDiffGenerator()).WithUpdatedParseOptions(new CSharpParseOptions(LanguageVersion.Preview));

    /// <summary>A copy of the compilation with one file changed by a comment, so nothing is cached for it.</summary>
    private CSharpCompilation Edited(int index)
    {
        var tree = _compilation.SyntaxTrees.ElementAt(index);
        var edited = tree.WithChangedText(tree.GetText().WithChanges(new Microsoft.CodeAnalysis.Text.TextChange(new(0, 0), $"// edit {++_edit}\n")));
        return _compilation.ReplaceSyntaxTree(tree, edited);
    }

    [Benchmark(Description = "generate makemore after editing it")]
    public GeneratorDriver AfterAnEditToTheMethod() => _warmDriver.RunGenerators(Edited(0));

    [Benchmark(Description = "run again after an unrelated edit")]
    public GeneratorDriver AfterAnUnrelatedEdit() => _warmDriver.RunGenerators(Edited(1));
}
