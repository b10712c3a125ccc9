using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// MatMul with leading axes on the left: [..., m, k]·[k, n] is one GEMM over every row; with leading axes on the
// right too, a batch of products whose batch axes broadcast. Each is followed by tanh and a sum so that every adjoint
// is non-trivial.
public static partial class DoubleOps
{
    [Differentiable] public static double MatMulRank3([Shape("A, B, C")] Tensor<double> a, [Shape("C, B")] Tensor<double> b) => a.MatMul(b).Tanh().Sum();
    [Differentiable] public static double MatMulRank4TransposedRight([Shape("A, 2, B, C")] Tensor<double> a, [Shape("A, C")] Tensor<double> b) => a.MatMul(b.Transpose()).Tanh().Sum();
    [Differentiable] public static double BatchedScores([Shape("A, B, C, 3")] Tensor<double> q, [Shape("A, B, C, 3")] Tensor<double> k) => q.MatMul(k.Transpose(2, 3)).Tanh().Sum();
    [Differentiable] public static double BatchedSharedLeft([Shape("C, B")] Tensor<double> a, [Shape("A, B, C")] Tensor<double> b) => a.MatMul(b).Tanh().Sum();
    [Differentiable] public static double BatchedSharedRight([Shape("A, B, C")] Tensor<double> a, [Shape("1, C, B")] Tensor<double> b) => a.MatMul(b).Tanh().Sum();
    [Differentiable] public static double BatchedTransposedLeft([Shape("A, C, B")] Tensor<double> a, [Shape("A, C, 3")] Tensor<double> b) => a.Transpose(1, 2).MatMul(b).Tanh().Sum();
    [Differentiable] public static double BatchedTransposedLeftSharedRight([Shape("A, C, B")] Tensor<double> a, [Shape("C, 3")] Tensor<double> b) => a.Transpose(1, 2).MatMul(b).Tanh().Sum();
    [Differentiable] public static double BatchedTransposedResult([Shape("A, B, C")] Tensor<double> a, [Shape("A, C, 2")] Tensor<double> b) => (a.MatMul(b).Transpose(1, 2) * a.Sum()).Tanh().Sum();
    [Differentiable] public static Tensor<double> BatchedProduct([Shape("B, C, A")] Tensor<double> a, [Shape("B, A, C")] Tensor<double> b) => a.MatMul(b);
}

public static partial class SingleOps
{
    [Differentiable] public static float MatMulRank3([Shape("A, B, C")] Tensor<float> a, [Shape("C, B")] Tensor<float> b) => a.MatMul(b).Tanh().Sum();
    [Differentiable] public static float MatMulRank4TransposedRight([Shape("A, 2, B, C")] Tensor<float> a, [Shape("A, C")] Tensor<float> b) => a.MatMul(b.Transpose()).Tanh().Sum();
    [Differentiable] public static float BatchedScores([Shape("A, B, C, 3")] Tensor<float> q, [Shape("A, B, C, 3")] Tensor<float> k) => q.MatMul(k.Transpose(2, 3)).Tanh().Sum();
    [Differentiable] public static float BatchedSharedLeft([Shape("C, B")] Tensor<float> a, [Shape("A, B, C")] Tensor<float> b) => a.MatMul(b).Tanh().Sum();
    [Differentiable] public static float BatchedSharedRight([Shape("A, B, C")] Tensor<float> a, [Shape("1, C, B")] Tensor<float> b) => a.MatMul(b).Tanh().Sum();
    [Differentiable] public static float BatchedTransposedLeft([Shape("A, C, B")] Tensor<float> a, [Shape("A, C, 3")] Tensor<float> b) => a.Transpose(1, 2).MatMul(b).Tanh().Sum();
    [Differentiable] public static float BatchedTransposedLeftSharedRight([Shape("A, C, B")] Tensor<float> a, [Shape("C, 3")] Tensor<float> b) => a.Transpose(1, 2).MatMul(b).Tanh().Sum();
    [Differentiable] public static float BatchedTransposedResult([Shape("A, B, C")] Tensor<float> a, [Shape("A, C, 2")] Tensor<float> b) => (a.MatMul(b).Transpose(1, 2) * a.Sum()).Tanh().Sum();
    [Differentiable] public static Tensor<float> BatchedProduct([Shape("B, C, A")] Tensor<float> a, [Shape("B, A, C")] Tensor<float> b) => a.MatMul(b);
}
