using AutoDiffGen.Generator.Tests.Infrastructure;

namespace AutoDiffGen.Generator.Tests;

/// <summary>When a linear layer's bias is added by the GEMM itself (<c>Gemm.MultiplyAddRow</c>) and when it is not.</summary>
public class GemmEpilogueTests
{
    private static string Generated(string body, string biasShape = "H")
    {
        var (result, _) = GeneratorHarness.RunClean($$"""
            using System.Numerics.Tensors;
            using AutoDiffGen;

            namespace Demo;

            public static partial class Layer
            {
                [Differentiable]
                public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w, [Shape("{{biasShape}}")] Tensor<float> b,
                    [Shape("N")] Tensor<int> t)
                {
                    {{body}}
                }
            }
            """);
        return result.GeneratedSources.Single().SourceText.ToString();
    }

    [Theory]
    [InlineData("return (x.MatMul(w) + b).CrossEntropy(t);", "H")]
    [InlineData("return (b + x.MatMul(w)).CrossEntropy(t);", "H")]
    [InlineData("return (x.MatMul(w) + b).CrossEntropy(t);", "1, H")]
    [InlineData("var z = x.MatMul(w) + b; var y = z.BatchNorm(b.Reshape(1, -1), b.Reshape(1, -1), 1e-5); return y.CrossEntropy(t);", "H")]
    public void ABiasAddedToAProductThatNothingElseReadsIsTheGemmsEpilogue(string body, string biasShape)
    {
        string source = Generated(body, biasShape);
        Assert.Contains("Gemm.MultiplyAddRow<float>(x, w, b, ", source);
        Assert.DoesNotContain("Gemm.Multiply<float>(x, w,", source);
    }

    [Theory]
    [InlineData("var z = x.MatMul(w); return (z + b).CrossEntropy(t) + z.Sum();", "H")]
    [InlineData("return (x.MatMul(w) + b).Tanh().CrossEntropy(t);", "H")]
    [InlineData("return (x.MatMul(w) + b).CrossEntropy(t);", "N, H")]
    [InlineData("return (x.MatMul(w) - b).CrossEntropy(t);", "H")]
    public void OtherwiseTheProductIsWrittenAndTheAdditionIsALoop(string body, string biasShape)
    {
        string source = Generated(body, biasShape);
        Assert.DoesNotContain("MultiplyAddRow", source);
        Assert.Contains("Gemm.Multiply<float>(x, w, ", source);
    }
}
