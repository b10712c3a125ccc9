using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;

namespace AutoDiffGen.Tests.Training;

public static partial class GradCheckModels
{
    [Differentiable]
    public static double Loss([NoDiff, Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w, [Shape("H")] Tensor<double> b)
        => (x.MatMul(w) + b).Tanh().Square().Mean();

    [Differentiable]
    public static float LossSingle([NoDiff, Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w, [Shape("H")] Tensor<float> b)
        => (x.MatMul(w) + b).Tanh().Square().Mean();
}

/// <summary>The public gradient check: generated gradients pass, wrong ones fail at the element that is wrong, values are restored.</summary>
public class GradCheckTests
{
    private static (Tensor<double> X, Tensor<double> W, Tensor<double> B) Inputs()
    {
        var random = new Random(3);
        return (TestTensors.Random(random, [5, 3], v => v), TestTensors.Random(random, [3, 4], v => v), TestTensors.Random(random, [4], v => v));
    }

    [Fact]
    public void GeneratedGradientsPassAndTheParametersAreRestored()
    {
        var (x, w, b) = Inputs();
        var before = TestTensors.Values(w);
        var (_, g) = GradCheckModels.LossValueAndGradients(x, w, b);
        var result = GradCheck.Check(() => GradCheckModels.Loss(x, w, b), ("w", w, g.W), ("b", b, g.B));

        Assert.True(result.Passed, result.ToString());
        Assert.Equal(["w", "b"], result.Parameters.Select(p => p.Name));
        Assert.All(result.Parameters, p => Assert.True(p.Error < 1e-8, p.ToString()));
        Assert.Equal(before, TestTensors.Values(w));
        result.ThrowIfFailed();
    }

    [Fact]
    public void AWrongElementIsFoundAndReported()
    {
        var (x, w, b) = Inputs();
        var (_, g) = GradCheckModels.LossValueAndGradients(x, w, b);
        var wrong = TestTensors.Copy(g.W);
        wrong[1, 2] += 0.01;
        var result = GradCheck.Check(() => GradCheckModels.Loss(x, w, b), ("w", w, wrong), ("b", b, g.B));

        Assert.False(result.Passed);
        var worst = result.Parameters[0];
        Assert.Equal(1 * 4 + 2, worst.Index);
        Assert.InRange(worst.Error, 0.0099, 0.0101);
        Assert.True(result.Parameters[1].Passed);
        var failure = Assert.Throws<InvalidOperationException>(result.ThrowIfFailed);
        Assert.Contains("w: worst element 6", failure.Message);
    }

    [Fact]
    public void FloatModelsAreCheckedWithAFloatSizedStep()
    {
        var (x, w, b) = Inputs();
        var (xs, ws, bs) = (TestTensors.ToSingle(x), TestTensors.ToSingle(w), TestTensors.ToSingle(b));
        var (_, g) = GradCheckModels.LossSingleValueAndGradients(xs, ws, bs);
        Assert.True(GradCheck.Check(() => GradCheckModels.LossSingle(xs, ws, bs), ("w", ws, g.W), ("b", bs, g.B)).Passed);
    }

    [Fact]
    public void MismatchedShapesAndRepeatedNamesAreRejected()
    {
        var (x, w, b) = Inputs();
        var (_, g) = GradCheckModels.LossValueAndGradients(x, w, b);
        var shape = Assert.Throws<ArgumentException>(() => GradCheck.Check(() => GradCheckModels.Loss(x, w, b), ("w", w, g.B)));
        Assert.Contains("The gradient of 'w' is [4] but 'w' is [3, 4]", shape.Message);
        Assert.Throws<ArgumentException>(() => GradCheck.Check(() => GradCheckModels.Loss(x, w, b), ("w", w, g.W), ("w", b, g.B)));
    }
}
