using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// Scaled dot-product attention as the fused op: more or fewer keys than queries, a value depth of its own, the causal
// mask, an explicit scale, a tensor result through its vector-Jacobian product, and keys that are data.
public static partial class DoubleOps
{
    [Differentiable]
    public static double FusedAttention([Shape("A, 2, B, C")] Tensor<double> q, [Shape("A, 2, 3, C")] Tensor<double> k, [Shape("A, 2, 3, 2")] Tensor<double> v, [Shape("2, 3")] Tensor<double> proj)
        => TensorMath.ScaledDotProductAttention(q, k, v).MatMul(proj).Tanh().Sum();

    [Differentiable]
    public static double FusedCausalAttention([Shape("A, 2, B, C")] Tensor<double> q, [Shape("A, 2, B, C")] Tensor<double> k, [Shape("A, 2, B, C")] Tensor<double> v, [Shape("C, 3")] Tensor<double> proj)
        => TensorMath.ScaledDotProductAttention(q, k, v, causal: true, scale: 0.5).MatMul(proj).Tanh().Sum();

    [Differentiable]
    public static Tensor<double> FusedCausalAttentionOfFewerKeys([Shape("A, B, C")] Tensor<double> q, [Shape("A, 3, C")] Tensor<double> k, [Shape("A, 3, B")] Tensor<double> v)
        => TensorMath.ScaledDotProductAttention(q, k, v, causal: true);

    [Differentiable]
    public static double FusedAttentionWithDataKeys([Shape("A, B, C")] Tensor<double> q, [NoDiff][Shape("A, B, C")] Tensor<double> k, [Shape("A, B, 2")] Tensor<double> v)
        => TensorMath.ScaledDotProductAttention(q, k, v, causal: true).Exp().Sum();
}

public static partial class SingleOps
{
    [Differentiable]
    public static float FusedAttention([Shape("A, 2, B, C")] Tensor<float> q, [Shape("A, 2, 3, C")] Tensor<float> k, [Shape("A, 2, 3, 2")] Tensor<float> v, [Shape("2, 3")] Tensor<float> proj)
        => TensorMath.ScaledDotProductAttention(q, k, v).MatMul(proj).Tanh().Sum();

    [Differentiable]
    public static float FusedCausalAttention([Shape("A, 2, B, C")] Tensor<float> q, [Shape("A, 2, B, C")] Tensor<float> k, [Shape("A, 2, B, C")] Tensor<float> v, [Shape("C, 3")] Tensor<float> proj)
        => TensorMath.ScaledDotProductAttention(q, k, v, causal: true, scale: 0.5).MatMul(proj).Tanh().Sum();

    [Differentiable]
    public static Tensor<float> FusedCausalAttentionOfFewerKeys([Shape("A, B, C")] Tensor<float> q, [Shape("A, 3, C")] Tensor<float> k, [Shape("A, 3, B")] Tensor<float> v)
        => TensorMath.ScaledDotProductAttention(q, k, v, causal: true);

    [Differentiable]
    public static float FusedAttentionWithDataKeys([Shape("A, B, C")] Tensor<float> q, [NoDiff][Shape("A, B, C")] Tensor<float> k, [Shape("A, B, 2")] Tensor<float> v)
        => TensorMath.ScaledDotProductAttention(q, k, v, causal: true).Exp().Sum();
}
