using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;

namespace AutoDiffGen.Tests.Networks;

/// <summary>Small networks against finite differences and against the matrix-calculus recurrences they should follow.</summary>
public class SmallNetworkTests
{
    private static double[,] M(Tensor<double> t)
    {
        var v = TestTensors.Values(t);
        int rows = (int)t.Lengths[0], columns = t.Rank > 1 ? (int)t.Lengths[1] : 1;
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) m[i, j] = v[i * columns + j];
        return m;
    }

    private static double[,] Times(double[,] a, double[,] b, bool transposeA = false, bool transposeB = false)
    {
        int m = transposeA ? a.GetLength(1) : a.GetLength(0), k = transposeA ? a.GetLength(0) : a.GetLength(1);
        int n = transposeB ? b.GetLength(0) : b.GetLength(1);
        var c = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++)
                    c[i, j] += (transposeA ? a[p, i] : a[i, p]) * (transposeB ? b[j, p] : b[p, j]);
        return c;
    }

    private static double[,] Map(double[,] a, Func<int, int, double> f)
    {
        var c = new double[a.GetLength(0), a.GetLength(1)];
        for (int i = 0; i < c.GetLength(0); i++) for (int j = 0; j < c.GetLength(1); j++) c[i, j] = f(i, j);
        return c;
    }

    private static double[] Flat(double[,] a) => a.Cast<double>().ToArray();

    [Fact]
    public void ThreeLayerMlpFollowsTheBackpropRecurrence()
    {
        var random = new Random(21);
        const int n = 7, d = 4, h1 = 6, h2 = 5, c = 3;
        var t = new[]
        {
            TestTensors.Random(random, [n, d], v => v), TestTensors.Random(random, [d, h1], v => v), TestTensors.Random(random, [h1], v => v * 0.3),
            TestTensors.Random(random, [h1, h2], v => v), TestTensors.Random(random, [h2], v => v * 0.3),
            TestTensors.Random(random, [h2, c], v => v), TestTensors.Random(random, [c], v => v * 0.3), TestTensors.Random(random, [n, c], v => v),
        };
        double Loss(Tensor<double>[] a) => SmallNetworks.ThreeLayers(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
        var (value, g) = SmallNetworks.ThreeLayersValueAndGradients(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]);

        // Forward by hand, then G^l = (G^{l+1} ⊙ σ'(Z^{l+1}))·(W^{l+1})ᵀ down the layers.
        double[] b1 = TestTensors.Values(t[2]), b2 = TestTensors.Values(t[4]), b3 = TestTensors.Values(t[6]);
        var x = M(t[0]);
        var xw1 = Times(x, M(t[1]));
        var z1 = Map(xw1, (i, j) => xw1[i, j] + b1[j]);
        var a1 = Map(z1, (i, j) => 1 / (1 + Math.Exp(-z1[i, j])));
        var a1w2 = Times(a1, M(t[3]));
        var z2 = Map(a1w2, (i, j) => a1w2[i, j] + b2[j]);
        var a2 = Map(z2, (i, j) => Math.Max(z2[i, j], 0));
        var a2w3 = Times(a2, M(t[5]));
        var output = Map(a2w3, (i, j) => a2w3[i, j] + b3[j]);
        var y = M(t[7]);
        var gOutput = Map(output, (i, j) => 2 * (output[i, j] - y[i, j]) / (n * c));
        var g2 = Times(gOutput, M(t[5]), transposeB: true);
        var dZ2 = Map(g2, (i, j) => z2[i, j] > 0 ? g2[i, j] : 0);
        var g1 = Times(dZ2, M(t[3]), transposeB: true);
        var dZ1 = Map(g1, (i, j) => g1[i, j] * a1[i, j] * (1 - a1[i, j]));

        GradientCheck.AssertClose(TestTensors.Values(g.W3), Flat(Times(a2, gOutput, transposeA: true)), 1e-13, "dW3 = A2ᵀ·G3");
        GradientCheck.AssertClose(TestTensors.Values(g.W2), Flat(Times(a1, dZ2, transposeA: true)), 1e-13, "dW2 = A1ᵀ·(G2 ⊙ relu'(Z2))");
        GradientCheck.AssertClose(TestTensors.Values(g.W1), Flat(Times(x, dZ1, transposeA: true)), 1e-13, "dW1 = Xᵀ·(G1 ⊙ σ'(Z1))");
        Assert.Equal(Loss(t), value, 1e-13);
        for (int i = 1; i <= 6; i++)
            GradientCheck.AssertClose(TestTensors.Values(new[] { g.W1, g.B1, g.W2, g.B2, g.W3, g.B3 }[i - 1]), GradientCheck.Numerical(Loss, t, i), 1e-6, $"parameter {i}");
    }

    [Fact]
    public void OneReluNeuronWithMseHasTheClosedFormGradient()
    {
        var random = new Random(22);
        const int n = 40, d = 3;
        var x = TestTensors.Random(random, [n, d], v => v);
        var w = TestTensors.Random(random, [d], v => v);
        var y = TestTensors.Random(random, [n], v => v);
        const double b = 0.2;

        var (_, g) = SmallNetworks.ReluNeuronValueAndGradients(x, w, b, y);

        var xs = M(x);
        double[] wv = TestTensors.Values(w), yv = TestTensors.Values(y);
        var dw = new double[d];
        double db = 0;
        for (int i = 0; i < n; i++)
        {
            double z = b + Enumerable.Range(0, d).Sum(j => xs[i, j] * wv[j]);
            if (z <= 0) continue;
            double residual = 2 * (z - yv[i]) / n;
            db += residual;
            for (int j = 0; j < d; j++) dw[j] += residual * xs[i, j];
        }
        GradientCheck.AssertClose(TestTensors.Values(g.W), dw, 1e-13, "dw = (2/N) Σ (relu(z) − y)[z > 0] x");
        Assert.Equal(db, g.B, 1e-13);
    }

    [Fact]
    public void LayerNormNetworkMatchesFiniteDifferences()
    {
        var random = new Random(23);
        var t = new[]
        {
            TestTensors.Random(random, [6, 4], v => v), TestTensors.Random(random, [4, 9], v => v), TestTensors.Random(random, [9], v => 1 + v * 0.2),
            TestTensors.Random(random, [9], v => v * 0.2), TestTensors.Random(random, [6, 9], v => v),
        };
        double Loss(Tensor<double>[] a) => SmallNetworks.LayerNormed(a[0], a[1], a[2], a[3], a[4]);
        var (value, g) = SmallNetworks.LayerNormedValueAndGradients(t[0], t[1], t[2], t[3], t[4]);

        Assert.Equal(Loss(t), value, 1e-13);
        var analytic = new[] { g.W, g.Gain, g.Bias };
        for (int i = 0; i < analytic.Length; i++)
            GradientCheck.AssertClose(TestTensors.Values(analytic[i]), GradientCheck.Numerical(Loss, t, i + 1), 1e-6, $"layer norm parameter {i + 1}");
    }

    [Theory]
    [InlineData(5, 8)]
    [InlineData(1, 3)]
    [InlineData(12, 33)]
    public void LayerNormClosedFormAgreesWithTheWrittenOutForm(int n, int d)
    {
        var random = new Random(n * 100 + d);
        var x = TestTensors.Random(random, [n, d], v => v * 3);
        var gain = TestTensors.Random(random, [d], v => 1 + v * 0.2);
        var bias = TestTensors.Random(random, [d], v => v * 0.2);
        var weights = TestTensors.Random(random, [n, d], v => v);

        var (fusedValue, fused) = SmallNetworks.LayerNormFusedValueAndGradients(x, gain, bias, weights);
        var (writtenValue, written) = SmallNetworks.LayerNormWrittenOutValueAndGradients(x, gain, bias, weights);

        Assert.Equal(writtenValue, fusedValue, 1e-10);
        GradientCheck.AssertClose(TestTensors.Values(fused.X), TestTensors.Values(written.X), 1e-10, "dx");
        GradientCheck.AssertClose(TestTensors.Values(fused.Gain), TestTensors.Values(written.Gain), 1e-10, "dGain");
        GradientCheck.AssertClose(TestTensors.Values(fused.Bias), TestTensors.Values(written.Bias), 1e-10, "dBias");
    }

    [Theory]
    [InlineData(1e4)]
    [InlineData(-3e4)]
    public void CrossEntropyStaysFiniteAndExactForHugeLogits(double scale)
    {
        var random = new Random(24);
        const int n = 5, c = 7;
        var logits = TestTensors.Random(random, [n, c], v => v * scale);
        var y = Tensor.Create(new[] { 0, 3, 6, 2, 2 }, [n]);

        // (softmax − onehot)/n, computed stably by hand.
        var l = M(logits);
        var expected = new double[n * c];
        for (int i = 0; i < n; i++)
        {
            double max = Enumerable.Range(0, c).Max(j => l[i, j]);
            double sum = Enumerable.Range(0, c).Sum(j => Math.Exp(l[i, j] - max));
            for (int j = 0; j < c; j++) expected[i * c + j] = (Math.Exp(l[i, j] - max) / sum - (j == TestTensors.Values(y)[i] ? 1 : 0)) / n;
        }

        var fused = SmallNetworks.FusedCrossEntropyValueAndGradients(logits, y);
        var writtenOut = SmallNetworks.ExplodedCrossEntropyValueAndGradients(logits, y);
        var logSoftmax = SmallNetworks.LogSoftmaxLossValueAndGradients(logits, y);
        foreach (var (name, value, gradient) in new[]
        {
            ("fused", fused.Value, TestTensors.Values(fused.Gradients.Logits)),
            ("written out", writtenOut.Value, TestTensors.Values(writtenOut.Gradients.Logits)),
            ("log-softmax", logSoftmax.Value, TestTensors.Values(logSoftmax.Gradients.Logits)),
        })
        {
            Assert.True(double.IsFinite(value), $"{name} loss {value}");
            Assert.All(gradient, v => Assert.True(double.IsFinite(v), $"{name} gradient {v}"));
            GradientCheck.AssertClose(gradient, expected, 1e-12, $"{name}: dLogits = (softmax − onehot)/n");
        }
    }
}
