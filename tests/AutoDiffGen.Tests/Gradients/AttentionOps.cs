using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// Scaled dot-product attention written out over [A, 2] batches of heads: scores, softmax (plain and causal), the
// weighted values and an output projection. Each ends in tanh and a sum so that every adjoint is non-trivial.
public static partial class DoubleOps
{
    [Differentiable]
    public static double Attention([Shape("A, 2, B, C")] Tensor<double> q, [Shape("A, 2, B, C")] Tensor<double> k, [Shape("A, 2, B, C")] Tensor<double> v, [Shape("C, 3")] Tensor<double> proj)
    {
        var weights = (q.MatMul(k.Transpose(2, 3)) * 0.5).Softmax(3);
        return weights.MatMul(v).MatMul(proj).Tanh().Sum();
    }

    [Differentiable]
    public static double CausalAttention([Shape("A, 2, B, C")] Tensor<double> q, [Shape("A, 2, B, C")] Tensor<double> k, [Shape("A, 2, B, C")] Tensor<double> v, [Shape("C, 3")] Tensor<double> proj)
    {
        var weights = (q.MatMul(k.Transpose(2, 3)) * 0.5).Softmax(-1, causal: true);
        return weights.MatMul(v).MatMul(proj).Tanh().Sum();
    }

    [Differentiable] public static Tensor<double> CausalSoftmax([Shape("A, B, B")] Tensor<double> a) => a.Softmax(2, causal: true);
}

public static partial class SingleOps
{
    [Differentiable]
    public static float Attention([Shape("A, 2, B, C")] Tensor<float> q, [Shape("A, 2, B, C")] Tensor<float> k, [Shape("A, 2, B, C")] Tensor<float> v, [Shape("C, 3")] Tensor<float> proj)
    {
        var weights = (q.MatMul(k.Transpose(2, 3)) * 0.5f).Softmax(3);
        return weights.MatMul(v).MatMul(proj).Tanh().Sum();
    }

    [Differentiable]
    public static float CausalAttention([Shape("A, 2, B, C")] Tensor<float> q, [Shape("A, 2, B, C")] Tensor<float> k, [Shape("A, 2, B, C")] Tensor<float> v, [Shape("C, 3")] Tensor<float> proj)
    {
        var weights = (q.MatMul(k.Transpose(2, 3)) * 0.5f).Softmax(-1, causal: true);
        return weights.MatMul(v).MatMul(proj).Tanh().Sum();
    }

    [Differentiable] public static Tensor<float> CausalSoftmax([Shape("A, B, B")] Tensor<float> a) => a.Softmax(2, causal: true);
}
