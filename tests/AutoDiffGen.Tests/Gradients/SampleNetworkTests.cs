using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

public static partial class SampleNetworks
{
    /// <summary>The spiral classifier of samples/Spirals, in double.</summary>
    [Differentiable]
    public static double SpiralLoss([NoDiff, Shape("N, 2")] Tensor<double> points, [Shape("2, H")] Tensor<double> w1, [Shape("H")] Tensor<double> b1,
        [Shape("H, C")] Tensor<double> w2, [Shape("C")] Tensor<double> b2, [NoDiff, Shape("N, C")] Tensor<double> oneHot)
    {
        var hidden = (points.MatMul(w1) + b1).Tanh();
        var logits = hidden.MatMul(w2) + b2;
        var logNormalizer = logits.Exp().Sum(axis: 1, keepDims: true).Log();
        var logProbabilities = logits - logNormalizer;
        return -(oneHot * logProbabilities).Sum() / points.Lengths[0];
    }

    /// <summary>The linear model of samples/LinearRegression.</summary>
    [Differentiable]
    public static double RegressionLoss([NoDiff, Shape("M, D")] Tensor<double> x, [Shape("D")] Tensor<double> theta, [NoDiff, Shape("M")] Tensor<double> y)
    {
        var residual = x.MatMul(theta) - y;
        return residual.Square().Sum() / (2.0 * x.Lengths[0]);
    }
}

/// <summary>The networks the samples train, gradient-checked in double.</summary>
public class SampleNetworkTests
{
    [Fact]
    public void SpiralClassifierGradientsMatchFiniteDifferences()
    {
        var random = new Random(11);
        const int n = 12, h = 9, c = 3;
        var oneHot = new double[n * c];
        for (int i = 0; i < n; i++) oneHot[i * c + i % c] = 1;
        var inputs = new[]
        {
            TestTensors.Random(random, [n, 2], v => v), TestTensors.Random(random, [2, h], v => v), TestTensors.Random(random, [h], v => v),
            TestTensors.Random(random, [h, c], v => v), TestTensors.Random(random, [c], v => v), Tensor.Create(oneHot, [n, c]),
        };
        double Loss(Tensor<double>[] t) => SampleNetworks.SpiralLoss(t[0], t[1], t[2], t[3], t[4], t[5]);

        var (value, g) = SampleNetworks.SpiralLossValueAndGradients(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5]);

        Assert.Equal(Loss(inputs), value, 1e-13);
        var analytic = new[] { g.W1, g.B1, g.W2, g.B2 };
        for (int i = 0; i < analytic.Length; i++)
            GradientCheck.AssertClose(TestTensors.Values(analytic[i]), GradientCheck.Numerical(Loss, inputs, i + 1), 1e-6, $"spiral parameter {i + 1}");
    }

    [Fact]
    public void LinearRegressionGradientMatchesFiniteDifferences()
    {
        var random = new Random(12);
        var inputs = new[] { TestTensors.Random(random, [30, 4], v => v), TestTensors.Random(random, [4], v => v), TestTensors.Random(random, [30], v => v) };
        double Loss(Tensor<double>[] t) => SampleNetworks.RegressionLoss(t[0], t[1], t[2]);

        var (_, g) = SampleNetworks.RegressionLossValueAndGradients(inputs[0], inputs[1], inputs[2]);

        GradientCheck.AssertClose(TestTensors.Values(g.Theta), GradientCheck.Numerical(Loss, inputs, 1), 1e-6, "θ");
    }
}
