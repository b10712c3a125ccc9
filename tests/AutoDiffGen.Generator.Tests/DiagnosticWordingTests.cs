using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Tests;

/// <summary>Messages say what is wrong in the user's terms, and point where the user can fix it.</summary>
public class DiagnosticWordingTests
{
    private const string Usings = "using System;\nusing System.Numerics.Tensors;\nusing AutoDiffGen;\n";

    private static (string Text, string Message) Single(string source, string id)
    {
        var run = GeneratorHarness.Run(Usings + source);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == id);
        return (diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan), diagnostic.GetMessage());
    }

    [Fact]
    public void ANonNumericValueIsNamedByItsType()
    {
        var (text, message) = Single("""
            public static partial class C
            {
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) { var flag = true; return x.Sum(); }
            }
            """, "ADG0103");
        Assert.Equal("true", text);
        Assert.EndsWith("values of type 'bool' cannot be differentiated", message);
    }

    [Fact]
    public void ElementIndexingIsExplained()
    {
        var (text, message) = Single("""
            public static partial class C
            {
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x[0];
            }
            """, "ADG0103");
        Assert.Equal("x[0]", text);
        Assert.EndsWith("reading or writing single elements of a tensor cannot be differentiated; compute with whole-tensor ops", message);
    }

    [Fact]
    public void AnUnsupportedOperatorIsQuotedAlone()
    {
        var (_, message) = Single("""
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x % 2.0;
            }
            """, "ADG0103");
        Assert.Equal("'x % 2.0' is not supported in a differentiable method: the '%' operator has no derivative", message);
    }

    [Fact]
    public void InPlaceOnAParameterThroughAnotherNameNamesTheParameter()
    {
        var (_, message) = Single("""
            public static partial class C
            {
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [Shape("N")] Tensor<float> b)
                {
                    var h = x;
                    h += b;
                    return h.Sum();
                }
            }
            """, "ADG0302");
        Assert.StartsWith("'h += b' modifies the caller's tensor 'x' in place", message);
    }

    [Fact]
    public void ABodyThatOnlyThrowsIsReportedOnceAtTheThrow()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static partial class C
            {
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => throw new InvalidOperationException();
            }
            """);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("throw new InvalidOperationException()", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void AShapeOnAScalarIsRejected()
    {
        var (text, message) = Single("""
            public static partial class C
            {
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [Shape("1")] float s) => x.Sum() * s;
            }
            """, "ADG0006");
        Assert.Equal("[Shape(\"1\")] float s", text);
        Assert.Equal("[Shape(\"1\")] on 's' is malformed: a [Shape] belongs on a tensor parameter, and this one is a scalar", message);
    }

    [Fact]
    public void AShapeOnAnIntNamesOneSize()
    {
        var (text, message) = Single("""
            public static partial class C
            {
                [Differentiable] public static float Loss([Shape("N, H*D")] Tensor<float> x, [Shape("2*H")] int heads) => x.Reshape(heads, -1).Sum();
            }
            """, "ADG0006");
        Assert.Equal("[Shape(\"2*H\")] int heads", text);
        Assert.Equal("[Shape(\"2*H\")] on 'heads' is malformed: on an int, a [Shape] names the one size it is, a symbol such as [Shape(\"H\")]", message);
    }

    [Fact]
    public void InBoxStaticsWithoutADerivativeSuggestTheOpToUse()
    {
        var (_, message) = Single("""
            public static partial class C
            {
                [Differentiable] public static Tensor<float> Probabilities([Shape("N, C")] Tensor<float> x) => Tensor.SoftMax<float>(x);
            }
            """, "ADG0101");
        Assert.Equal("'Tensor.SoftMax' is not supported in a differentiable method: it normalizes over all elements at once; " +
            "write x.Softmax(axis) for a softmax along an axis", message);
    }

    [Fact]
    public void AShapeErrorInAnInlinedCallIsReportedAtTheCall()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static partial class C
            {
                [Differentiable]
                public static Tensor<float> Layer([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w) => x.MatMul(w).Tanh();

                [Differentiable]
                public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, D")] Tensor<float> w) => Layer(x, w).Sum();
            }
            """);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("ADG0201", diagnostic.Id);
        Assert.Equal("Layer(x, w)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void APartialMethodIsGeneratedFromItsImplementingPart()
    {
        var (result, _) = GeneratorHarness.RunClean(Usings + """
            public static partial class C
            {
                [Differentiable] public static partial float Loss([Shape("N")] Tensor<float> x);
                public static partial float Loss(Tensor<float> x) => x.Square().Sum();
            }
            """);
        Assert.Single(result.GeneratedSources);
    }
}
