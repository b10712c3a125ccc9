using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;
using AutoDiffGen.Training;

namespace AutoDiffGen.Tests.Training;

public static partial class TrainingModels
{
    /// <summary>Two parameters of odd sizes (vector loops and their tails), a scalar and data.</summary>
    [Differentiable]
    public static double Loss([Shape("N")] Tensor<double> a, [NoDiff, Shape("N")] Tensor<double> target, [Shape("M, 3")] Tensor<double> b, double s)
        => (a - target).Square().Sum() + (b * b * b).Sum() * s + s * s;

    [Differentiable]
    public static float Other([Shape("N")] Tensor<float> a) => a.Square().Sum();

    [Differentiable]
    public static float Single([Shape("N")] Tensor<float> a, [Shape("M, 3")] Tensor<float> b) => (a.Sin().Sum() + b.Square().Sum()) / 2;
}

/// <summary>The optimizers against PyTorch's documented update rules, element by element, and their bookkeeping.</summary>
public class OptimizerTests
{
    private static (Tensor<double> A, Tensor<double> Target, Tensor<double> B) Inputs()
    {
        var random = new Random(11);
        return (TestTensors.Random(random, [21], v => v), TestTensors.Random(random, [21], v => v), TestTensors.Random(random, [5, 3], v => v));
    }

    /// <summary>Runs <paramref name="steps"/> steps of <paramref name="optimizer"/> and of <paramref name="reference"/> (per element: p, g, state, t → p) side by side.</summary>
    private static void AgreesWithReference(Func<ParameterSet<double>, Optimizer<double>> optimizer, Func<double, double, double[], int, double> reference, int stateSize)
    {
        var (a, target, b) = Inputs();
        var parameters = TrainingModels.LossGradients.Parameters(a, b);
        var trainer = optimizer(parameters);
        var expected = new[] { TestTensors.Values(a), TestTensors.Values(b) };
        var state = expected.Select(p => p.Select(_ => new double[stateSize]).ToArray()).ToArray();
        var gradients = new TrainingModels.LossGradients();
        for (int t = 1; t <= 4; t++)
        {
            TrainingModels.LossBackward(a, target, b, 0.7, gradients);
            var g = new[] { TestTensors.Values(gradients.A), TestTensors.Values(gradients.B) };
            for (int p = 0; p < 2; p++)
                for (int i = 0; i < expected[p].Length; i++) expected[p][i] = reference(expected[p][i], g[p][i], state[p][i], t);
            trainer.Step(gradients);
            GradientCheck.AssertClose(TestTensors.Values(a), expected[0], 1e-14, $"a after step {t}");
            GradientCheck.AssertClose(TestTensors.Values(b), expected[1], 1e-14, $"b after step {t}");
        }
        Assert.Equal(4, trainer.Steps);
    }

    [Fact]
    public void PlainSgd() => AgreesWithReference(p => new Sgd<double>(p, 0.05), (p, g, _, _) => p - 0.05 * g, 0);

    [Fact]
    public void SgdWithMomentumDampeningAndWeightDecay()
        => AgreesWithReference(p => new Sgd<double>(p, 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01), (p, g, s, t) =>
        {
            g += 0.01 * p;
            s[0] = t == 1 ? g : 0.9 * s[0] + 0.9 * g;
            return p - 0.05 * s[0];
        }, 1);

    [Fact]
    public void SgdWithNesterovMomentum()
        => AgreesWithReference(p => new Sgd<double>(p, 0.05, momentum: 0.9, nesterov: true), (p, g, s, t) =>
        {
            s[0] = t == 1 ? g : 0.9 * s[0] + g;
            return p - 0.05 * (g + 0.9 * s[0]);
        }, 1);

    [Fact]
    public void AdamWithL2Penalty()
        => AgreesWithReference(p => new Adam<double>(p, 0.01, weightDecay: 0.1), (p, g, s, t) =>
        {
            g += 0.1 * p;
            s[0] = 0.9 * s[0] + 0.1 * g;
            s[1] = 0.999 * s[1] + 0.001 * g * g;
            double stepSize = 0.01 / (1 - Math.Pow(0.9, t));
            return p - stepSize * s[0] / (Math.Sqrt(s[1]) / Math.Sqrt(1 - Math.Pow(0.999, t)) + 1e-8);
        }, 2);

    [Fact]
    public void AdamWWithDecoupledDecay()
        => AgreesWithReference(p => new AdamW<double>(p, 0.01, weightDecay: 0.1, beta1: 0.8, beta2: 0.99, epsilon: 1e-6), (p, g, s, t) =>
        {
            p *= 1 - 0.01 * 0.1;
            s[0] = 0.8 * s[0] + 0.2 * g;
            s[1] = 0.99 * s[1] + 0.01 * g * g;
            double stepSize = 0.01 / (1 - Math.Pow(0.8, t));
            return p - stepSize * s[0] / (Math.Sqrt(s[1]) / Math.Sqrt(1 - Math.Pow(0.99, t)) + 1e-6);
        }, 2);

    [Fact]
    public void TheGradientSetNamesTheTrainedTensorsInOrder()
    {
        var (a, target, b) = Inputs();
        var gradients = TrainingModels.LossValueAndGradients(a, target, b, 0.5).Gradients;
        IGradientSet<double> set = gradients;
        Assert.Equal(["a", "b"], set.Names);
        Assert.Same(gradients.A, set.Gradient(0));
        Assert.Same(gradients.B, set.Gradient(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Gradient(2));
        var parameters = TrainingModels.LossGradients.Parameters(b: b, a: a);
        Assert.Same(a, parameters["a"]);
        Assert.Same(b, parameters[1]);
    }

    [Fact]
    public void MismatchedGradientsAndParametersAreRejected()
    {
        var (a, target, b) = Inputs();
        var parameters = TrainingModels.LossGradients.Parameters(a, b);
        var sgd = new Sgd<double>(parameters, 0.1);

        // Before any backward pass the gradients are empty: a shape mismatch, not a silent no-op.
        var empty = Assert.Throws<ArgumentException>(() => sgd.Step(new TrainingModels.LossGradients()));
        Assert.Contains("The gradient of 'a' has not been computed yet", empty.Message);

        // Gradients computed for other shapes than the parameters'.
        var gradients = TrainingModels.LossValueAndGradients(Tensor.Create(new double[3], [3]), Tensor.Create(new double[3], [3]), b, 1).Gradients;
        Assert.Contains("The gradient of 'a' is [3] but 'a' is [21]", Assert.Throws<ArgumentException>(() => sgd.Step(gradients)).Message);

        var same = Assert.Throws<ArgumentException>(() => TrainingModels.LossGradients.Parameters(a, a));
        Assert.Contains("'b' and 'a' are the same tensor", same.Message);
        Assert.Throws<KeyNotFoundException>(() => parameters["s"]);
    }

    [Fact]
    public void AnotherMethodsGradientsAreRejected()
    {
        var a = Tensor.Create(new float[4], [4]);
        var b = Tensor.Create(new float[6], [2, 3]);
        var adam = new Adam<float>(TrainingModels.SingleGradients.Parameters(a, b), 1e-3f);
        var other = TrainingModels.OtherValueAndGradients(a).Gradients;
        Assert.Contains("These parameters are SingleGradients's, but the gradients are a OtherGradients",
            Assert.Throws<ArgumentException>(() => adam.Step(other)).Message);
    }

    [Fact]
    public void AStepAllocatesNothing()
    {
        var random = new Random(5);
        var a = TestTensors.ToSingle(TestTensors.Random(random, [300], v => v));
        var b = TestTensors.ToSingle(TestTensors.Random(random, [40, 3], v => v));
        var gradients = new TrainingModels.SingleGradients();
        var parameters = TrainingModels.SingleGradients.Parameters(a, b);
        var optimizers = new Optimizer<float>[]
        {
            new Sgd<float>(parameters, 0.01f, momentum: 0.9f, nesterov: true),
            new Adam<float>(parameters, 1e-3f),
            new AdamW<float>(parameters, 1e-3f),
        };
        foreach (var optimizer in optimizers)
        {
            SteadyStateAllocation.AssertNone(() =>
            {
                TrainingModels.SingleBackward(a, b, gradients);
                GradientClipping.ClipByGlobalNorm(gradients, 1f);
                optimizer.Step(gradients);
            });
        }
    }

    [Fact]
    public void ClippingScalesEveryGradientByTheGlobalNorm()
    {
        var (a, target, b) = Inputs();
        var gradients = TrainingModels.LossValueAndGradients(a, target, b, 0.5).Gradients;
        var before = TestTensors.Values(gradients.A).Concat(TestTensors.Values(gradients.B)).ToArray();
        double norm = Math.Sqrt(before.Sum(v => v * v));
        Assert.Equal(norm, GradientClipping.ClipByGlobalNorm(gradients, 0.5), 12);
        var after = TestTensors.Values(gradients.A).Concat(TestTensors.Values(gradients.B)).ToArray();
        GradientCheck.AssertClose(after, before.Select(v => v * 0.5 / (norm + 1e-6)).ToArray(), 1e-14, "clipped");
        // Below the bound nothing changes.
        Assert.Equal(Math.Sqrt(after.Sum(v => v * v)), GradientClipping.ClipByGlobalNorm(gradients, 100), 12);
        Assert.Equal(after, TestTensors.Values(gradients.A).Concat(TestTensors.Values(gradients.B)));
    }

    [Fact]
    public void SchedulesFollowTheirFormulas()
    {
        var step = new StepSchedule(0.1, Every: 10, Gamma: 0.5);
        Assert.Equal([0.1, 0.1, 0.05, 0.025], new[] { 0, 9, 10, 25 }.Select(step.At));
        var cosine = new CosineSchedule(1.0, WarmupSteps: 10, TotalSteps: 110, MinimumRate: 0.1);
        Assert.Equal(0.1, cosine.At(0), 12);
        Assert.Equal(1.0, cosine.At(9), 12);
        Assert.Equal(1.0, cosine.At(10), 12);
        Assert.Equal(0.55, cosine.At(60), 12);
        Assert.Equal(0.1, cosine.At(110), 12);
        Assert.Equal(0.1, cosine.At(500), 12);
    }

    [Fact]
    public void InitializersAreSeededAndHaveTheirDistributions()
    {
        var w = Tensor.Create(new double[200 * 300], [200, 300]);
        Initializers.KaimingUniform(w, fanIn: 200, new Random(1));
        var values = TestTensors.Values(w);
        double bound = Math.Sqrt(3.0 / 200);
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.InRange(StandardDeviation(values), 0.97 / Math.Sqrt(200), 1.03 / Math.Sqrt(200));

        var again = Tensor.Create(new double[200 * 300], [200, 300]);
        Initializers.KaimingUniform(again, fanIn: 200, new Random(1));
        Assert.Equal(values, TestTensors.Values(again));

        Initializers.XavierNormal(w, fanIn: 200, fanOut: 300, new Random(2));
        Assert.InRange(StandardDeviation(TestTensors.Values(w)), 0.97 * Math.Sqrt(2.0 / 500), 1.03 * Math.Sqrt(2.0 / 500));
        Initializers.KaimingNormal(w, fanIn: 200, new Random(3), gain: Math.Sqrt(2));
        Assert.InRange(StandardDeviation(TestTensors.Values(w)), 0.97 * Math.Sqrt(2.0 / 200), 1.03 * Math.Sqrt(2.0 / 200));
        Initializers.XavierUniform(w, fanIn: 200, fanOut: 300, new Random(4));
        Assert.All(TestTensors.Values(w), v => Assert.InRange(v, -Math.Sqrt(6.0 / 500), Math.Sqrt(6.0 / 500)));
    }

    private static double StandardDeviation(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
