using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// Selections: Maximum and Minimum (ties split G in half, as torch does), Clamp with constant and differentiated
// bounds, Where over comparisons, [NoDiff] masks and scalars, broadcasting to rank 4, and MaskedFill with -∞ before
// a softmax, the form an attention mask takes.
public static partial class DoubleOps
{
    [Differentiable] public static Tensor<double> MaximumBroadcast([Shape("A, B, C")] Tensor<double> a, [Shape("B, 1")] Tensor<double> b) => a.Maximum(b);
    [Differentiable] public static Tensor<double> MaximumOfItself([Shape("A, B")] Tensor<double> a) => a.Maximum(a) * a;
    [Differentiable] public static Tensor<double> MinimumScalar([Shape("A, B")] Tensor<double> a) => a.Minimum(0.25) * a;
    [Differentiable] public static Tensor<double> Clamp([Shape("A, B, C")] Tensor<double> a) => a.Clamp(-0.5, 0.5);
    [Differentiable] public static double ClampBounds([Shape("A, B")] Tensor<double> a, double lower, double upper) => (a.Clamp(lower, upper) * a).Sum();
    [Differentiable] public static Tensor<double> WhereComparison([Shape("A, B")] Tensor<double> a, [Shape("B")] Tensor<double> b) => TensorMath.Where(a.GreaterThan(b), a.Tanh(), b * a);
    [Differentiable] public static Tensor<double> WhereRank4([NoDiff][Shape("A, 1, C, 1")] Tensor<double> condition, [Shape("B, 1, 2")] Tensor<double> a, [Shape("A, B, C, 2")] Tensor<double> x)
        => TensorMath.Where(condition, a.Exp(), x * x);
    [Differentiable] public static Tensor<double> WhereScalars([Shape("A, B")] Tensor<double> a)
        => TensorMath.Where(a.LessThanOrEqual(0), 0, a.Square()) + TensorMath.Where(a.GreaterThanOrEqual(0.5), a, -1);
    [Differentiable] public static Tensor<double> GatedByMask([Shape("A, B")] Tensor<double> a, [NoDiff][Shape("B")] Tensor<double> threshold) => a.Exp() * a.LessThan(threshold);
    [Differentiable] public static Tensor<double> MaskedSoftmax([Shape("A, B, B")] Tensor<double> scores, [NoDiff][Shape("B, B")] Tensor<double> mask)
        => scores.MaskedFill(mask, double.NegativeInfinity).Softmax(-1);
    [Differentiable] public static Tensor<double> MaskedFillValue([Shape("A, B")] Tensor<double> a, [Shape("A, B")] Tensor<double> b) => (a * b).MaskedFill(a.LessThan(b), 2);
}

public static partial class SingleOps
{
    [Differentiable] public static Tensor<float> MaximumBroadcast([Shape("A, B, C")] Tensor<float> a, [Shape("B, 1")] Tensor<float> b) => a.Maximum(b);
    [Differentiable] public static Tensor<float> MaximumOfItself([Shape("A, B")] Tensor<float> a) => a.Maximum(a) * a;
    [Differentiable] public static Tensor<float> MinimumScalar([Shape("A, B")] Tensor<float> a) => a.Minimum(0.25f) * a;
    [Differentiable] public static Tensor<float> Clamp([Shape("A, B, C")] Tensor<float> a) => a.Clamp(-0.5f, 0.5f);
    [Differentiable] public static float ClampBounds([Shape("A, B")] Tensor<float> a, float lower, float upper) => (a.Clamp(lower, upper) * a).Sum();
    [Differentiable] public static Tensor<float> WhereComparison([Shape("A, B")] Tensor<float> a, [Shape("B")] Tensor<float> b) => TensorMath.Where(a.GreaterThan(b), a.Tanh(), b * a);
    [Differentiable] public static Tensor<float> WhereRank4([NoDiff][Shape("A, 1, C, 1")] Tensor<float> condition, [Shape("B, 1, 2")] Tensor<float> a, [Shape("A, B, C, 2")] Tensor<float> x)
        => TensorMath.Where(condition, a.Exp(), x * x);
    [Differentiable] public static Tensor<float> WhereScalars([Shape("A, B")] Tensor<float> a)
        => TensorMath.Where(a.LessThanOrEqual(0), 0f, a.Square()) + TensorMath.Where(a.GreaterThanOrEqual(0.5f), a, -1f);
    [Differentiable] public static Tensor<float> GatedByMask([Shape("A, B")] Tensor<float> a, [NoDiff][Shape("B")] Tensor<float> threshold) => a.Exp() * a.LessThan(threshold);
    [Differentiable] public static Tensor<float> MaskedSoftmax([Shape("A, B, B")] Tensor<float> scores, [NoDiff][Shape("B, B")] Tensor<float> mask)
        => scores.MaskedFill(mask, float.NegativeInfinity).Softmax(-1);
    [Differentiable] public static Tensor<float> MaskedFillValue([Shape("A, B")] Tensor<float> a, [Shape("A, B")] Tensor<float> b) => (a * b).MaskedFill(a.LessThan(b), 2f);
}
