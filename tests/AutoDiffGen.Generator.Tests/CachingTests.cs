using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The pipeline is incremental: running again on an unchanged, unrelated-edited or only re-laid-out compilation re-runs
/// nothing past Parse (the analyzer reports the diagnostics, where they now are), and no stage holds a symbol, syntax
/// node or compilation.
/// </summary>
public class CachingTests
{
    private const string Model = """
        using System.Numerics.Tensors;
        using AutoDiffGen;

        namespace Demo;

        public static partial class Mlp
        {
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w1, [Shape("H")] Tensor<float> b1,
                [Shape("H, C")] Tensor<float> w2, [NoDiff, Shape("N, C")] Tensor<float> y, [Shape("C")] Tensor<float> unused)
            {
                var h = (x.MatMul(w1) + b1).Tanh();
                return (h.MatMul(w2) - y).Square().Mean();
            }

            [Differentiable]
            public static double Rosenbrock(double x, double y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);

            // A loop's body is a method inside the loop node's attributes: it must compare by value like the rest.
            [Differentiable]
            public static float Deep([Shape("N, C")] Tensor<float> x, [Shape("L, C, C")] Tensor<float> w, [Shape("C")] Tensor<float> gain)
            {
                for (int l = 0; l < w.Lengths[0]; l++)
                    x = x + x.MatMul(w.Layer(l)).Sin() * gain;
                return x.Sum();
            }
        }
        """;

    private const string Unrelated = """
        namespace Demo;
        public static class Helpers { public static int Twice(int x) => 2 * x; }
        """;

    private static GeneratorRunResult RunAgain(string[] first, string[] second)
    {
        var driver = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(first));
        driver = driver.RunGenerators(GeneratorHarness.Compile(second));
        return driver.GetRunResult().Results.Single();
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string stage) => IncrementalChecks.Reasons(result, stage);

    private static void AssertNotRerun(GeneratorRunResult result, params string[] stages)
    {
        foreach (string stage in stages) Assert.Equal(3, Reasons(result, stage).Count());
        IncrementalChecks.AssertNotRerun(result, stages);
    }

    [Fact]
    public void RunningTwiceCachesEveryStage()
    {
        var result = RunAgain([Model], [Model]);
        AssertNotRerun(result, AutoDiffGenerator.Stages.All.ToArray());
    }

    [Fact]
    public void AnUnrelatedEditRerunsNoStagePastParse()
    {
        var result = RunAgain([Model, Unrelated], [Model, Unrelated.Replace("2 * x", "3 * x")]);
        AssertNotRerun(result, AutoDiffGenerator.Stages.All.ToArray());
    }

    [Fact]
    public void ALayoutEditRerunsNoStageAndTheAnalyzerReportsAtTheNewPlace()
    {
        string moved = "\n\n\n" + Model.Replace("var h = (x.MatMul(w1) + b1).Tanh();", "var h  =  (x.MatMul(w1)  +  b1).Tanh();");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Model));
        var movedCompilation = GeneratorHarness.Compile(moved);
        driver = driver.RunGenerators(movedCompilation);
        var result = driver.GetRunResult().Results.Single();

        // Source spans never enter the IR, so the parsed method is unchanged and nothing after it runs.
        AssertNotRerun(result, AutoDiffGenerator.Stages.All.ToArray());
        Assert.Empty(result.Diagnostics);

        var warning = Assert.Single(GeneratorHarness.Analyze(movedCompilation));
        Assert.Equal("ADG0301", warning.Id);
        Assert.Equal(12, warning.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void AnEditToTheMethodReRunsItsStages()
    {
        var result = RunAgain([Model], [Model.Replace("Tanh()", "Sigmoid()")]);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(result, AutoDiffGenerator.Stages.Emit));
    }

    [Fact]
    public void NoStageOutputHoldsASymbolSyntaxOrCompilation()
    {
        var compilation = GeneratorHarness.Compile(Model);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        Assert.All(AutoDiffGenerator.Stages.All, stage => Assert.NotEmpty(Reasons(driver.GetRunResult().Results.Single(), stage)));
        IncrementalChecks.AssertIncremental(driver, compilation);
    }
}
