using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;

namespace AutoDiffGen.Tests.EdgeCases;

/// <summary>Methods at the edges of the body language; each also has to compile, which the build checks.</summary>
public class EdgeCaseTests
{
    [Fact]
    public void ReturningAnArgumentGivesTheOutputGradientBackInAFreshTensor()
    {
        var x = Tensor.Create(new double[] { 1, 2, 3, 4 }, [2, 2]);
        var seed = Tensor.Create(new double[] { 0.5, -1, 2, 3 }, [2, 2]);
        var gradients = new EdgeCaseMethods.IdentityGradients();
        var result = EdgeCaseMethods.IdentityBackward(x, seed, gradients);

        Assert.Equal(TestTensors.Values(x), TestTensors.Values(result));
        Assert.Equal(TestTensors.Values(seed), TestTensors.Values(gradients.X));
        seed[0, 0] = 100;
        Assert.Equal(0.5, gradients.X[0, 0]);
    }

    [Fact]
    public void AConstantResultHasZeroGradients()
    {
        var (value, g) = EdgeCaseMethods.ConstantValueAndGradients(Tensor.Create(new double[] { 1, 2 }, [2]));
        Assert.Equal(3.5, value);
        Assert.Equal(new double[] { 0, 0 }, TestTensors.Values(g.X));
    }

    [Fact]
    public void AMethodWithNothingToDifferentiateStillComputesItsValue()
    {
        var (value, _) = EdgeCaseMethods.AllDataValueAndGradients(Tensor.Create(new double[] { 1, 2, 3 }, [3]), 4);
        Assert.Equal(24, value);
        Assert.Equal(EdgeCaseMethods.IntegersOnly(5, 7), EdgeCaseMethods.IntegersOnlyValueAndGradients(5, 7).Value);
    }

    [Fact]
    public void AValueUsedSeveralTimesAccumulatesItsAdjoint()
    {
        var x = Tensor.Create(new double[] { 1, -2, 0.5 }, [3]);
        var (_, g) = EdgeCaseMethods.TwiceValueAndGradients(x);
        Assert.Equal(new double[] { 3, -3, 2 }, TestTensors.Values(g.X));
    }

    [Fact]
    public void KeywordNamesAndSymbolsSpelledLikeParametersWork()
    {
        var c = Tensor.Create(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var e = Tensor.Create(new double[] { 1, 0, -1 }, [3]);
        var x = Tensor.Create(new double[] { 7, 8 }, [2]);
        var (value, g) = EdgeCaseMethods.KeywordsValueAndGradients(c, e, x);

        Assert.Equal(EdgeCaseMethods.Keywords(c, e, x), value);
        Assert.Equal(new double[] { 1, 0, -1, 1, 0, -1 }, TestTensors.Values(g.Class));
        Assert.Equal(new double[] { 5, 7, 9 }, TestTensors.Values(g.Event));
        Assert.Equal(new double[] { 1, 1 }, TestTensors.Values(g.X));
    }

    [Fact]
    public void TwoParametersWithTheSameAdjointGetTheirOwnGradientTensors()
    {
        var a = Tensor.Create(new double[] { 1, 2 }, [2]);
        var seed = Tensor.Create(new double[] { 3, 4 }, [2]);
        var gradients = new EdgeCaseMethods.SameAdjointGradients();
        EdgeCaseMethods.SameAdjointBackward(a, a, seed, gradients);

        Assert.NotSame(gradients.A, gradients.B);
        Assert.Equal(new double[] { 3, 4 }, TestTensors.Values(gradients.A));
        Assert.Equal(new double[] { 3, 4 }, TestTensors.Values(gradients.B));
    }

    [Fact]
    public void OneElementTensorsReduceAndBroadcastCorrectly()
    {
        var x = Tensor.Create(new double[] { 2 }, [1, 1]);
        var (value, g) = EdgeCaseMethods.ShrunkValueAndGradients(x, 3);
        Assert.Equal(12, value);
        Assert.Equal(6, g.X[0, 0]);
        Assert.Equal(4, g.S);
    }

    [Theory]
    [InlineData(2, 3, 4, 5)]
    [InlineData(1, 1, 1, 1)]
    [InlineData(3, 1, 17, 2)]
    public void RankFourBroadcastingMatchesFiniteDifferences(int a, int b, int c, int d)
    {
        var random = new Random(a * 1000 + b * 100 + c * 10 + d);
        var inputs = new[] { TestTensors.Random(random, [a, 1, c, 1], v => v), TestTensors.Random(random, [b, 1, d], v => v), TestTensors.Random(random, [a, b, c, d], v => v) };
        double Loss(Tensor<double>[] t) => EdgeCaseMethods.DeepBroadcast(t[0], t[1], t[2]);
        var (value, g) = EdgeCaseMethods.DeepBroadcastValueAndGradients(inputs[0], inputs[1], inputs[2]);

        Assert.Equal(Loss(inputs), value, 1e-12);
        var analytic = new[] { g.A, g.B, g.C };
        for (int i = 0; i < 3; i++)
            GradientCheck.AssertClose(TestTensors.Values(analytic[i]), GradientCheck.Numerical(Loss, inputs, i), 1e-6, $"input {i}");
    }

    [Fact]
    public void ParametersAndSymbolsNamedLikeTheGeneratedCodesOwnNamesWork()
    {
        var random = new Random(7);
        var inputs = new[] { TestTensors.Random(random, [3, 2], v => v), TestTensors.Random(random, [2, 4], v => v), TestTensors.Random(random, [3], v => v) };
        var seed = TestTensors.Random(random, [3, 4], v => v);
        const double compute = 0.25;
        double Loss(Tensor<double>[] t) => Dot(EdgeCaseMethods.OwnNames(t[0], t[1], t[2], compute), seed);

        var gradients = new EdgeCaseMethods.OwnNamesGradients();
        var result = EdgeCaseMethods.OwnNamesBackward(inputs[0], inputs[1], inputs[2], compute, seed, gradients);

        Assert.Equal(TestTensors.Values(EdgeCaseMethods.OwnNames(inputs[0], inputs[1], inputs[2], compute)), TestTensors.Values(result));
        var analytic = new[] { gradients.Gradients, gradients.Value, gradients.OutputGradient };
        for (int i = 0; i < 3; i++)
            GradientCheck.AssertClose(TestTensors.Values(analytic[i]), GradientCheck.Numerical(Loss, inputs, i), 1e-6, $"input {i}");
        var dCompute = GradientCheck.Numerical(v => Dot(EdgeCaseMethods.OwnNames(inputs[0], inputs[1], inputs[2], v[0]), seed), [compute]);
        Assert.Equal(dCompute[0], gradients.ComputeGradient, 1e-7);

        var error = Assert.Throws<ArgumentException>(() => EdgeCaseMethods.OwnNamesBackward(inputs[0], inputs[1], inputs[2], compute, inputs[0], gradients));
        Assert.Contains("outputGradient2", error.Message);
    }

    private static double Dot(Tensor<double> a, Tensor<double> b) => TestTensors.Values(a).Zip(TestTensors.Values(b), (x, y) => x * y).Sum();

    [Theory]
    [InlineData(300, 250)]
    [InlineData(1, 100_003)]
    [InlineData(50_000, 1)]
    public void LoopsSplitBetweenThreadsGiveTheClosedForm(int rows, int columns)
    {
        var random = new Random(rows + columns);
        var x = TestTensors.Random(random, [rows, columns], v => v);
        var scale = TestTensors.Random(random, [rows, 1], v => v);
        var shift = TestTensors.Random(random, [columns], v => v);
        var seed = TestTensors.Random(random, [rows, columns], v => v);
        var gradients = new EdgeCaseMethods.WideGradients();
        var result = EdgeCaseMethods.WideBackward(x, scale, shift, seed, gradients);

        Assert.Equal(TestTensors.Values(EdgeCaseMethods.Wide(x, scale, shift)), TestTensors.Values(result));
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double z = Math.Tanh(x[r, c] * scale[r, 0] + shift[c]);
                Assert.Equal(z, result[r, c], 1e-15);
                Assert.Equal(seed[r, c] * (1 - z * z) * scale[r, 0], gradients.X[r, c], 1e-14);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ALinearLayersBiasGivesTheMethodsOwnValueAndMatchesFiniteDifferences(bool reused)
    {
        var random = new Random(reused ? 11 : 12);
        var inputs = new[] { TestTensors.Random(random, [5, 3], v => v), TestTensors.Random(random, [3, 4], v => v),
            TestTensors.Random(random, reused ? [4] : [1, 4], v => v) };
        Func<Tensor<double>[], double> loss = reused
            ? t => EdgeCaseMethods.LinearReused(t[0], t[1], t[2])
            : t => EdgeCaseMethods.LinearRowBias(t[0], t[1], t[2]);
        double value;
        Tensor<double>[] gradients;
        if (reused)
        {
            var (v, g) = EdgeCaseMethods.LinearReusedValueAndGradients(inputs[0], inputs[1], inputs[2]);
            (value, gradients) = (v, [g.X, g.W, g.B]);
        }
        else
        {
            var (v, g) = EdgeCaseMethods.LinearRowBiasValueAndGradients(inputs[0], inputs[1], inputs[2]);
            (value, gradients) = (v, [g.X, g.W, g.B]);
        }

        Assert.Equal(loss(inputs), value);
        for (int i = 0; i < 3; i++)
            GradientCheck.AssertClose(TestTensors.Values(gradients[i]), GradientCheck.Numerical(loss, inputs, i), 1e-6, $"input {i}");
    }

    [Fact]
    public void ALinearLayerReturnedAsTheResultHasItsValueAndTheMatrixRules()
    {
        var random = new Random(13);
        var x = TestTensors.Random(random, [4, 3], v => v);
        var w = TestTensors.Random(random, [3, 5], v => v);
        var b = TestTensors.Random(random, [5], v => v);
        var seed = TestTensors.Random(random, [4, 5], v => v);
        var gradients = new EdgeCaseMethods.AffineGradients();
        var result = EdgeCaseMethods.AffineBackward(x, w, b, seed, gradients);

        Assert.Equal(TestTensors.Values(EdgeCaseMethods.Affine(x, w, b)), TestTensors.Values(result));
        for (int i = 0; i < 4; i++)
            for (int d = 0; d < 3; d++)
                Assert.Equal(Enumerable.Range(0, 5).Sum(h => seed[i, h] * w[d, h]), gradients.X[i, d], 1e-14);
        for (int d = 0; d < 3; d++)
            for (int h = 0; h < 5; h++)
                Assert.Equal(Enumerable.Range(0, 4).Sum(i => x[i, d] * seed[i, h]), gradients.W[d, h], 1e-14);
        for (int h = 0; h < 5; h++)
            Assert.Equal(Enumerable.Range(0, 4).Sum(i => seed[i, h]), gradients.B[h], 1e-14);
    }

    [Fact]
    public void AnOperandModifiedInPlaceAfterTheProductDoesNotChangeIt()
    {
        var random = new Random(14);
        var inputs = new[] { TestTensors.Random(random, [4, 3], v => v), TestTensors.Random(random, [3, 5], v => v), TestTensors.Random(random, [5], v => v) };
        double Loss(Tensor<double>[] t) => EdgeCaseMethods.InPlaceAfterProduct(t[0], t[1], t[2]);
        var (value, g) = EdgeCaseMethods.InPlaceAfterProductValueAndGradients(inputs[0], inputs[1], inputs[2]);

        Assert.Equal(Loss(inputs), value, 1e-12);
        var analytic = new[] { g.X, g.W, g.B };
        for (int i = 0; i < 3; i++)
            GradientCheck.AssertClose(TestTensors.Values(analytic[i]), GradientCheck.Numerical(Loss, inputs, i), 1e-6, $"input {i}");
    }
}
