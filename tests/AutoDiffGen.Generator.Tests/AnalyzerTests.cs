using AutoDiffGen.Generator.Parsing;
using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The analyzer reports every diagnostic and the generator none; being an analyzer's, the diagnostics obey
/// .editorconfig severities by category and by ID and <c>#pragma warning disable</c>, and the analyzer parses exactly the
/// declarations the generator parses.
/// </summary>
public class AnalyzerTests
{
    private const string Usings = "using System;\nusing System.Numerics.Tensors;\nusing AutoDiffGen;\n";

    // ADG0301, a warning, on the parameter that does not reach the result.
    private const string UnusedParameter = Usings + """
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, {|#0:[Shape("N")] Tensor<float> unused|}) => x.Sum();
        }
        """;

    /// <summary>
    /// The test framework names every diagnostic of the analyzer in the compilation options (as
    /// <see cref="ReportDiagnostic.Default"/>, to enable them), which a build does not: that entry stops category
    /// settings and reads as <c>/warnaserror-</c>, so it is taken out again.
    /// </summary>
    private sealed class AsInABuild : CSharpAnalyzerTest<AutoDiffAnalyzer, DefaultVerifier>
    {
        protected override Project ApplyCompilationOptions(Project project)
        {
            project = base.ApplyCompilationOptions(project);
            var options = project.CompilationOptions!;
            var ours = options.SpecificDiagnosticOptions.Keys.Where(id => id.StartsWith("ADG", StringComparison.Ordinal));
            return project.WithCompilationOptions(options.WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions.RemoveRange(ours)));
        }
    }

    private static Task Verify(string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = OfflineTestState.Configure(new AsInABuild { TestCode = source });
        if (editorConfig is not null) test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig + "\n"));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static DiagnosticResult Unused(DiagnosticSeverity severity)
        => new DiagnosticResult("ADG0301", severity).WithLocation(0).WithArguments("Loss", "unused");

    [Fact]
    public Task AWarningIsAWarningByDefault() => Verify(UnusedParameter, null, Unused(DiagnosticSeverity.Warning));

    [Fact]
    public Task TheCategorySeverityEscalatesAWarning()
        => Verify(UnusedParameter, "dotnet_analyzer_diagnostic.category-AutoDiffGen.severity = error", Unused(DiagnosticSeverity.Error));

    [Fact]
    public Task TheCategorySeveritySilencesEveryDiagnostic() => Verify(Usings + """
        public partial class C
        {
            [Differentiable] public float Loss([Shape("N")] Tensor<float> x, [Shape("N")] Tensor<float> unused) => x.Sum();
        }
        """, "dotnet_analyzer_diagnostic.category-AutoDiffGen.severity = none");

    [Fact]
    public Task TheSeverityOfOneIdIsSetByItsId()
        => Verify(UnusedParameter, "dotnet_diagnostic.ADG0301.severity = error", Unused(DiagnosticSeverity.Error));

    [Fact]
    public Task TheIdsSeverityWinsOverTheCategorys()
        => Verify(UnusedParameter, "dotnet_analyzer_diagnostic.category-AutoDiffGen.severity = error\ndotnet_diagnostic.ADG0301.severity = suggestion",
            Unused(DiagnosticSeverity.Info));

    [Fact]
    public Task PragmaWarningDisableSuppressesIt() => Verify(Usings + """
        public static partial class C
        {
        #pragma warning disable ADG0301 // a parameter kept for the signature
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [Shape("N")] Tensor<float> unused) => x.Sum();
        #pragma warning restore ADG0301
        }
        """, null);

    [Fact]
    public void TheGeneratorItselfReportsNothing()
    {
        var compilation = GeneratorHarness.Compile(Usings + """
            public partial class C
            {
                [Differentiable] public float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, C")] Tensor<float> w) => x.MatMul(w).Sum();
                [Differentiable] public static float Shapes([Shape("N, D")] Tensor<float> x, [Shape("H, C")] Tensor<float> w) => x.MatMul(w).Sum();
                [Differentiable] public static float Unused([Shape("N")] Tensor<float> x, [Shape("N")] Tensor<float> y) => x.Sum();
            }
            """);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var reported);
        Assert.Empty(reported);
        Assert.Empty(driver.GetRunResult().Results.Single().Diagnostics);
        Assert.Equal(["ADG0001", "ADG0201", "ADG0301"], GeneratorHarness.Analyze(output).Select(d => d.Id).Order());
    }

    [Fact]
    public void TheGeneratedFilesChangeNoDiagnostic()
    {
        // The analyzer sees the compilation with the generated members in it, the generator never does: names the
        // generator took itself are no conflict (ADG0008), and only a member of the user's own is.
        var compilation = GeneratorHarness.Compile(Usings + """
            public static partial class C
            {
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
                [Differentiable] public static float Half([Shape("N")] Tensor<float> x, [Shape("M")] Tensor<float> y) => x.Sum() * 0.5f;
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static float Taken([Shape("N")] Tensor<float> x) => x.Sum();
                public static void TakenBackward() { }
            }
            """);
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        Assert.True(output.SyntaxTrees.Count() > compilation.SyntaxTrees.Count());

        static string[] Describe(IEnumerable<Diagnostic> diagnostics)
            => diagnostics.Select(d => $"{d.Id} {d.Location.SourceSpan} {d.GetMessage()}").Order().ToArray();
        var withoutGenerated = Describe(GeneratorHarness.Analyze(compilation));
        Assert.Equal(["ADG0008", "ADG0301"], withoutGenerated.Select(d => d[..7]));
        Assert.Equal(withoutGenerated, Describe(GeneratorHarness.Analyze(output)));
    }

    [Fact]
    public void TheAnalyzerParsesWhatTheGeneratorParses()
    {
        // Every place the attribute can be written, through an alias too, and a partial method whose other part has an
        // attribute of its own: the generator's ForAttributeWithMetadataName and the analyzer must find the same targets.
        var compilation = GeneratorHarness.Compile(Usings + """
            using D = AutoDiffGen.DifferentiableAttribute;

            public static partial class C
            {
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
                [D] public static double Aliased(double x) => x * x;
                [AutoDiffGen.DifferentiableAttribute, Obsolete] public static double Qualified(double x) => x * x;
                [Obsolete][Differentiable] public static double SecondList(double x) => x * x;
                [Differentiable] public static partial double Split(double x);
                [Obsolete] public static partial double Split(double x) => x * x;
                public static double Outer(double y)
                {
                    [Differentiable] static double Local(double v) => v * v;
                    Func<double, double> f = [Differentiable] (double v) => v * v;
                    return Local(y) + f(y);
                }
            }

            public struct S
            {
                public static S operator +(S a, S b) => a;
                [Differentiable] public static S operator -(S a, S b) => a;
                public double P { [Differentiable] get => 1; }
                [Differentiable] public double Q { get; set; }
            }

            [Differentiable] public class Misplaced { }
            """);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS0592"));

        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var generatorParsed = driver.GetRunResult().Results.Single().TrackedSteps[AutoDiffGenerator.Stages.Parse]
            .SelectMany(step => step.Outputs).Select(output => (Ir.MethodIr)output.Value).ToList();

        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var analyzerParsed = tree.GetRoot().DescendantNodesAndSelf().Where(node => AutoDiffAnalyzer.AttributeTargets.Contains(node.Kind()))
            .Select(node => DifferentiableTargets.Find(node, model, CancellationToken.None))
            .OfType<DifferentiableTarget>()
            .Select(target => MethodParser.Parse(target.Node, target.Symbol, model, target.Attributes, CancellationToken.None).Method)
            .ToList();

        Assert.Equal(11, generatorParsed.Count);
        Assert.Equal(generatorParsed.OrderBy(m => m.Key), analyzerParsed.OrderBy(m => m.Key));
    }
}
