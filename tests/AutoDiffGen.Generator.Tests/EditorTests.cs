using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Tests;

/// <summary>What a user sees while typing: a method with errors keeps its generated declarations, so the code that uses them stays quiet.</summary>
public class EditorTests
{
    private const string Usings = "using System;\nusing System.Numerics.Tensors;\nusing AutoDiffGen;\nusing AutoDiffGen.Training;\n";

    // Another file that uses every generated member.
    private const string Caller = Usings + """
        public static class Trainer
        {
            public static float Step(Tensor<float> x, Tensor<float> w1, Tensor<float> b1, Tensor<float> seed, double s)
            {
                var gradients = new Model.LossGradients();
                float loss = Model.LossBackward(x, w1, b1, gradients);
                var adam = new Adam<float>(Model.LossGradients.Parameters(w1, b1), 1e-3f);
                adam.Step(gradients);
                var (value, g) = Model.LossValueAndGradients(x, w1, b1);
                var result = Model.LayerBackward(x, w1, seed, new Model.LayerGradients());
                var (f, partials) = Model.FValueAndGradients(s, s);
                return loss + value + g.W1[0, 0] + g.B1[0] + result[0, 0] + (float)(f + partials.X + partials.Y);
            }
        }
        """;

    [Theory]
    [InlineData("x.MatMul(w1) + b1).Sum();", "a half-typed expression the compiler rejects")]
    [InlineData("(x.MatMul(w1) + b1).Sum() + Console.Read();", "a call the generator does not differentiate (ADG0101)")]
    [InlineData("(x.MatMul(w1.Transpose()) + b1).Sum();", "a shape error (ADG0201)")]
    public void AMethodWithErrorsKeepsItsGeneratedDeclarations(string lossBody, string what)
    {
        string model = Usings + $$"""
            public static partial class Model
            {
                [Differentiable]
                public static float Loss([NoDiff, Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w1, [Shape("H")] Tensor<float> b1)
                    => {{lossBody}}

                [Differentiable]
                public static Tensor<float> Layer([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w1) => x.MatMul(w1.Transpose()).Tanh();

                [Differentiable]
                public static double F(double x, double y) => Math.Sin(x) * y + Console.Read();
            }
            """;
        var compilation = GeneratorHarness.Compile(model, Caller);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();

        Assert.Equal(3, result.GeneratedSources.Length);
        Assert.All(result.GeneratedSources, s => Assert.Contains(DeclarationsEmitter.Marker, s.SourceText.ToString()));
        // The only errors are the methods' own: none in the caller's file, none in the generated ones.
        var elsewhere = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath != "File0.cs").ToList();
        Assert.True(elsewhere.Count == 0, $"{what}: {string.Join("\n", elsewhere)}");
        var analyzerElsewhere = GeneratorHarness.Analyze(output).Where(d => d.Location.SourceTree?.FilePath != "File0.cs").ToList();
        Assert.True(analyzerElsewhere.Count == 0, $"{what}: {string.Join("\n", analyzerElsewhere)}");
    }

    [Fact]
    public void ADeclarationThatCannotBeReadGeneratesNothing()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static class NotPartial
            {
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
            }
            """);
        Assert.Empty(run.Result.GeneratedSources);
        Assert.Equal("ADG0002", Assert.Single(run.Diagnostics).Id);
    }
}
