using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;

namespace AutoDiffGen.Tests.Networks;

/// <summary>The makemore network, op by op and fused: both against finite differences in double, and against each other.</summary>
public class MakemoreTests
{
    private const int Vocabulary = 27, Embedding = 10, Hidden = 64;

    /// <summary>A batch of contexts and next characters, and parameters initialised as in the exercise.</summary>
    internal static (Tensor<int> X, Tensor<int> Y, Tensor<double>[] Parameters) Problem(int batch, int seed)
    {
        var random = new Random(seed);
        var x = Tensor.Create(Enumerable.Range(0, batch * 3).Select(_ => random.Next(Vocabulary)).ToArray(), [batch, 3]);
        var y = Tensor.Create(Enumerable.Range(0, batch).Select(_ => random.Next(Vocabulary)).ToArray(), [batch]);
        var parameters = new[]
        {
            TestTensors.Random(random, [Vocabulary, Embedding], v => v),
            TestTensors.Random(random, [3 * Embedding, Hidden], v => v * 5.0 / 3 / Math.Sqrt(3 * Embedding)),
            TestTensors.Random(random, [Hidden], v => v * 0.1),
            TestTensors.Random(random, [Hidden, Vocabulary], v => v * 0.1),
            TestTensors.Random(random, [Vocabulary], v => v * 0.1),
            TestTensors.Random(random, [1, Hidden], v => 1 + v * 0.1),
            TestTensors.Random(random, [1, Hidden], v => v * 0.1),
        };
        return (x, y, parameters);
    }

    private static double Exploded(Tensor<int> x, Tensor<int> y, Tensor<double>[] p) => Makemore.ExplodedLoss(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6]);

    private static double Fused(Tensor<int> x, Tensor<int> y, Tensor<double>[] p) => Makemore.FusedLoss(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6]);

    internal static (double Value, Tensor<double>[] Gradients) ExplodedGradients(Tensor<int> x, Tensor<int> y, Tensor<double>[] p)
    {
        var (value, g) = Makemore.ExplodedLossValueAndGradients(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        return (value, [g.C, g.W1, g.B1, g.W2, g.B2, g.Bngain, g.Bnbias]);
    }

    internal static (double Value, Tensor<double>[] Gradients) FusedGradients(Tensor<int> x, Tensor<int> y, Tensor<double>[] p)
    {
        var (value, g) = Makemore.FusedLossValueAndGradients(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        return (value, [g.C, g.W1, g.B1, g.W2, g.B2, g.Bngain, g.Bnbias]);
    }

    private static readonly string[] Names = ["C", "W1", "b1", "W2", "b2", "bngain", "bnbias"];

    /// <summary>
    /// The scale a parameter's gradient is judged on: its own, but at least a thousandth of the model's. b1 feeds
    /// straight into batch norm, which removes any per-feature shift, so its exact gradient is zero and what both
    /// sides compute for it is rounding noise.
    /// </summary>
    private static double Floor(IEnumerable<double[]> gradients) => 1e-3 * gradients.Max(g => g.Max(Math.Abs));

    private static void AssertBiasBeforeBatchNormIsZero(double[] db1, double floor)
        => Assert.True(db1.Max(Math.Abs) <= 1e-9 * floor, $"db1 should vanish: largest {db1.Max(Math.Abs):E2}");

    [Theory]
    [InlineData("op by op", 32, 1)]
    [InlineData("op by op", 5, 2)]
    [InlineData("fused", 32, 1)]
    [InlineData("fused", 5, 2)]
    public void GradientsMatchFiniteDifferences(string form, int batch, int seed)
    {
        var (x, y, p) = Problem(batch, seed);
        Func<Tensor<double>[], double> loss = form == "fused" ? t => Fused(x, y, t) : t => Exploded(x, y, t);
        var (value, gradients) = form == "fused" ? FusedGradients(x, y, p) : ExplodedGradients(x, y, p);

        Assert.Equal(loss(p), value, 1e-12);
        var numerical = Enumerable.Range(0, p.Length).Select(i => GradientCheck.Numerical(loss, p, i)).ToArray();
        double floor = Floor(numerical);
        for (int i = 0; i < p.Length; i++)
            GradientCheck.AssertClose(TestTensors.Values(gradients[i]), numerical[i], 1e-6, $"{form} d{Names[i]}", floor);
        AssertBiasBeforeBatchNormIsZero(TestTensors.Values(gradients[2]), floor);
    }

    [Theory]
    [InlineData(32, 3)]
    [InlineData(200, 4)]
    [InlineData(2, 5)]
    public void OpByOpAndFusedAgreeToTenDigits(int batch, int seed)
    {
        var (x, y, p) = Problem(batch, seed);
        var (explodedValue, exploded) = ExplodedGradients(x, y, p);
        var (fusedValue, fused) = FusedGradients(x, y, p);

        Assert.Equal(explodedValue, fusedValue, 1e-10);
        double floor = Floor(exploded.Select(TestTensors.Values));
        for (int i = 0; i < p.Length; i++)
            GradientCheck.AssertClose(TestTensors.Values(fused[i]), TestTensors.Values(exploded[i]), 1e-10, $"d{Names[i]}", floor);
    }

    [Fact]
    public void AnIndexOutsideTheTableIsRejectedBeforeAnyBufferIsTouched()
    {
        var (x, y, p) = Problem(8, 6);
        var gradients = new Makemore.FusedLossGradients();
        Makemore.FusedLossBackward(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6], gradients);
        var before = TestTensors.Values(gradients.W1);

        var badX = Tensor.Create(Enumerable.Range(0, 24).Select(i => i % Vocabulary).ToArray(), [8, 3]);
        badX[5, 1] = Vocabulary;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Makemore.FusedLossBackward(badX, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6], gradients));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("27", error.Message);
        Assert.Equal(before, TestTensors.Values(gradients.W1));

        var badY = Tensor.Create(Enumerable.Repeat(3, 8).ToArray(), [8]);
        badY[7] = -1;
        error = Assert.Throws<ArgumentOutOfRangeException>(() => Makemore.ExplodedLossBackward(x, badY, p[0], p[1], p[2], p[3], p[4], p[5], p[6], new Makemore.ExplodedLossGradients()));
        Assert.Equal("y", error.ParamName);
        Assert.Contains("-1", error.Message);
    }
}
