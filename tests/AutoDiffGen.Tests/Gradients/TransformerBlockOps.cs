using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// One pre-norm transformer block, written as a user would: LayerNorm, one qkv projection narrowed into q, k and v,
// heads split by a reshape and a permutation, causal attention as batched products, the heads merged back, the
// output projection and the residual; then LayerNorm, an MLP with GELU and the second residual.
public static partial class DoubleOps
{
    [Differentiable]
    public static double TransformerBlock([Shape("A, B, 2*C")] Tensor<double> x,
        [Shape("2*C")] Tensor<double> ln1Gain, [Shape("2*C")] Tensor<double> ln1Bias,
        [Shape("2*C, 6*C")] Tensor<double> qkvW, [Shape("6*C")] Tensor<double> qkvB, [Shape("2*C, 2*C")] Tensor<double> projW,
        [Shape("2*C")] Tensor<double> ln2Gain, [Shape("2*C")] Tensor<double> ln2Bias,
        [Shape("2*C, 3")] Tensor<double> fcW, [Shape("3, 2*C")] Tensor<double> outW)
    {
        var b = x.Lengths[0];
        var t = x.Lengths[1];
        var width = x.Lengths[2];
        var qkv = x.LayerNorm(ln1Gain, ln1Bias).MatMul(qkvW) + qkvB;
        var q = qkv.Narrow(2, 0, width).Reshape(b, t, 2, -1).Permute(0, 2, 1, 3);
        var k = qkv.Narrow(2, width, width).Reshape(b, t, 2, -1).Permute(0, 2, 1, 3);
        var v = qkv.Narrow(2, 2 * width, width).Reshape(b, t, 2, -1).Permute(0, 2, 1, 3);
        var weights = (q.MatMul(k.Transpose(2, 3)) * 0.7).Softmax(-1, causal: true);
        var heads = weights.MatMul(v).Permute(0, 2, 1, 3).Reshape(b, t, width);
        var h = x + heads.MatMul(projW);
        var y = h + h.LayerNorm(ln2Gain, ln2Bias).MatMul(fcW).Gelu().MatMul(outW);
        return y.Tanh().Sum();
    }
}

public static partial class SingleOps
{
    [Differentiable]
    public static float TransformerBlock([Shape("A, B, 2*C")] Tensor<float> x,
        [Shape("2*C")] Tensor<float> ln1Gain, [Shape("2*C")] Tensor<float> ln1Bias,
        [Shape("2*C, 6*C")] Tensor<float> qkvW, [Shape("6*C")] Tensor<float> qkvB, [Shape("2*C, 2*C")] Tensor<float> projW,
        [Shape("2*C")] Tensor<float> ln2Gain, [Shape("2*C")] Tensor<float> ln2Bias,
        [Shape("2*C, 3")] Tensor<float> fcW, [Shape("3, 2*C")] Tensor<float> outW)
    {
        var b = x.Lengths[0];
        var t = x.Lengths[1];
        var width = x.Lengths[2];
        var qkv = x.LayerNorm(ln1Gain, ln1Bias).MatMul(qkvW) + qkvB;
        var q = qkv.Narrow(2, 0, width).Reshape(b, t, 2, -1).Permute(0, 2, 1, 3);
        var k = qkv.Narrow(2, width, width).Reshape(b, t, 2, -1).Permute(0, 2, 1, 3);
        var v = qkv.Narrow(2, 2 * width, width).Reshape(b, t, 2, -1).Permute(0, 2, 1, 3);
        var weights = (q.MatMul(k.Transpose(2, 3)) * 0.7f).Softmax(-1, causal: true);
        var heads = weights.MatMul(v).Permute(0, 2, 1, 3).Reshape(b, t, width);
        var h = x + heads.MatMul(projW);
        var y = h + h.LayerNorm(ln2Gain, ln2Bias).MatMul(fcW).Gelu().MatMul(outW);
        return y.Tanh().Sum();
    }
}
