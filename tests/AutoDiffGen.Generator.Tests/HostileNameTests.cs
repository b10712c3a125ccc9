using AutoDiffGen.Generator.Tests.Infrastructure;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Names that meet the generated code's own — its members, its loop bodies' fields and locals, its parameters, the
/// containing types' type parameters — generate code that compiles with no warning.
/// </summary>
public class HostileNameTests
{
    private const string Usings = "using System;\nusing System.Numerics.Tensors;\nusing AutoDiffGen;\n";

    [Theory]
    [InlineData("""
        public static partial class C
        {
            [Differentiable]
            public static double Loss([Shape("M, P")] Tensor<double> X, [Shape("P, 1")] Tensor<double> theta, [Shape("M, 1")] Tensor<double> y)
            {
                var r = X.MatMul(theta) - y;
                return r.Transpose().MatMul(r).Sum() / (2.0 * X.Lengths[0]);
            }
        }
        """)]
    [InlineData("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("N, D")] Tensor<float> X, [Shape("D")] Tensor<float> XLoop, [NoDiff, Shape("N, D")] Tensor<float> T)
                => (x * X + XLoop - T).Tanh().Sum();
        }
        """)]
    [InlineData("""
        public partial class Outer<X, T>
        {
            public static partial class Inner
            {
                [Differentiable]
                public static Tensor<float> Apply([Shape("X, T")] Tensor<float> x, [Shape("T")] Tensor<float> t, [Shape("X, T")] Tensor<float> outputGradient, float gradients)
                    => (x * t).Exp() * gradients + outputGradient;
            }
        }
        """)]
    [InlineData("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> equals, [Shape("D")] Tensor<float> toString, [Shape("D")] Tensor<float> getType,
                [Shape("N, D")] Tensor<float> LossGradients, [Shape("N, D")] Tensor<float> _allocated, [Shape("N, D")] Tensor<float> _sizeN,
                [Shape("N, D")] Tensor<float> _xCopy, [Shape("N, D")] Tensor<float> allocate)
            {
                var _offset = equals * toString + getType;
                var BeginRow = (_offset * LossGradients).Sum(axis: 1, keepDims: true);
                var TSimd = (_allocated - BeginRow).Exp() + _sizeN * _xCopy;
                var i = TSimd.Log() * allocate;
                var row = i.Square();
                return row.Sum();
            }
        }
        """)]
    [InlineData("""
        public static partial class C
        {
            [Differentiable]
            public static double F(double x, double X, double @class, double value, double equals, double FGradients) => x * X + Math.Sin(@class) * value + equals * FGradients;
        }
        """)]
    [InlineData("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("row, i")] Tensor<float> rest, [Shape("i")] Tensor<float> row0, [Shape("rest, row, i")] Tensor<float> TSimd)
                => ((rest + row0) * TSimd).Sum(axis: 0).Square().Sum();
        }
        """)]
    [InlineData("""
        namespace @namespace.@event
        {
            public static partial class @class
            {
                [Differentiable]
                public static double @double([Shape("N")] Tensor<double> x) => x.Mean();
            }
        }
        """)]
    public void GeneratedCodeCompilesCleanly(string source)
    {
        var (result, _) = GeneratorHarness.RunClean(Usings + source);
        Assert.NotEmpty(result.GeneratedSources);
    }
}
