using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// Unsqueeze and Squeeze: views that add or remove an axis of length 1, used here to broadcast a row over a new axis
// and to drop the axis a keepDims reduction left.
public static partial class DoubleOps
{
    [Differentiable] public static double UnsqueezeBroadcast([Shape("A, C")] Tensor<double> a, [Shape("A, B, C")] Tensor<double> b) => (a.Unsqueeze(1) * b).Tanh().Sum();
    [Differentiable] public static double UnsqueezeLast([Shape("A, B")] Tensor<double> a, [Shape("C")] Tensor<double> b) => (a.Unsqueeze(2) * b).Tanh().Sum();
    [Differentiable] public static Tensor<double> SqueezeKeptAxis([Shape("A, B, C")] Tensor<double> a) => a.Exp().Sum(axis: 1, keepDims: true).Squeeze(1);
}

public static partial class SingleOps
{
    [Differentiable] public static float UnsqueezeBroadcast([Shape("A, C")] Tensor<float> a, [Shape("A, B, C")] Tensor<float> b) => (a.Unsqueeze(1) * b).Tanh().Sum();
    [Differentiable] public static float UnsqueezeLast([Shape("A, B")] Tensor<float> a, [Shape("C")] Tensor<float> b) => (a.Unsqueeze(2) * b).Tanh().Sum();
    [Differentiable] public static Tensor<float> SqueezeKeptAxis([Shape("A, B, C")] Tensor<float> a) => a.Exp().Sum(axis: 1, keepDims: true).Squeeze(1);
}
