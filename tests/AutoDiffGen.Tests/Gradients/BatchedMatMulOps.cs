using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// MatMul with leading axes on the left: [..., m, k]·[k, n] is one GEMM over every row, each followed by tanh and a
// sum so that every adjoint is non-trivial.
public static partial class DoubleOps
{
    [Differentiable] public static double MatMulRank3([Shape("A, B, C")] Tensor<double> a, [Shape("C, B")] Tensor<double> b) => a.MatMul(b).Tanh().Sum();
    [Differentiable] public static double MatMulRank4TransposedRight([Shape("A, 2, B, C")] Tensor<double> a, [Shape("A, C")] Tensor<double> b) => a.MatMul(b.Transpose()).Tanh().Sum();
}

public static partial class SingleOps
{
    [Differentiable] public static float MatMulRank3([Shape("A, B, C")] Tensor<float> a, [Shape("C, B")] Tensor<float> b) => a.MatMul(b).Tanh().Sum();
    [Differentiable] public static float MatMulRank4TransposedRight([Shape("A, 2, B, C")] Tensor<float> a, [Shape("A, C")] Tensor<float> b) => a.MatMul(b.Transpose()).Tanh().Sum();
}
