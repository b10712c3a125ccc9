using System.Numerics.Tensors;

namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary><see cref="WideBlocks"/> in double, for the comparison with libtorch's float64 autograd.</summary>
public static partial class WideBlocksDouble
{
    [Differentiable]
    public static Tensor<double> Block6([Shape("B, T, 6*D")] Tensor<double> x,
        [Shape("6*D")] Tensor<double> ln1Gain, [Shape("6*D")] Tensor<double> ln1Bias,
        [Shape("6*D, 18*D")] Tensor<double> qkvWeight, [Shape("18*D")] Tensor<double> qkvBias,
        [Shape("6*D, 6*D")] Tensor<double> projWeight, [Shape("6*D")] Tensor<double> projBias,
        [Shape("6*D")] Tensor<double> ln2Gain, [Shape("6*D")] Tensor<double> ln2Bias,
        [Shape("6*D, 24*D")] Tensor<double> fcWeight, [Shape("24*D")] Tensor<double> fcBias,
        [Shape("24*D, 6*D")] Tensor<double> outWeight, [Shape("6*D")] Tensor<double> outBias)
    {
        var b = x.Lengths[0];
        var t = x.Lengths[1];
        var c = x.Lengths[2];
        var qkv = x.LayerNorm(ln1Gain, ln1Bias).MatMul(qkvWeight) + qkvBias;
        var (q, k, v) = qkv.Chunk(3, 2);
        q = q.Reshape(b, t, 6, -1).Permute(0, 2, 1, 3);
        k = k.Reshape(b, t, 6, -1).Permute(0, 2, 1, 3);
        v = v.Reshape(b, t, 6, -1).Permute(0, 2, 1, 3);
        // Causal attention per head, softmax(q·kᵀ/√d)·v, as one op that keeps no [B, heads, T, T] weights.
        var heads = TensorMath.ScaledDotProductAttention(q, k, v, causal: true).Permute(0, 2, 1, 3).Reshape(b, t, c);
        var h = x + heads.MatMul(projWeight) + projBias;
        return h + (h.LayerNorm(ln2Gain, ln2Bias).MatMul(fcWeight) + fcBias).Gelu().MatMul(outWeight) + outBias;
    }

    [Differentiable]
    public static Tensor<double> Block12([Shape("B, T, 12*D")] Tensor<double> x,
        [Shape("12*D")] Tensor<double> ln1Gain, [Shape("12*D")] Tensor<double> ln1Bias,
        [Shape("12*D, 36*D")] Tensor<double> qkvWeight, [Shape("36*D")] Tensor<double> qkvBias,
        [Shape("12*D, 12*D")] Tensor<double> projWeight, [Shape("12*D")] Tensor<double> projBias,
        [Shape("12*D")] Tensor<double> ln2Gain, [Shape("12*D")] Tensor<double> ln2Bias,
        [Shape("12*D, 48*D")] Tensor<double> fcWeight, [Shape("48*D")] Tensor<double> fcBias,
        [Shape("48*D, 12*D")] Tensor<double> outWeight, [Shape("12*D")] Tensor<double> outBias)
    {
        var b = x.Lengths[0];
        var t = x.Lengths[1];
        var c = x.Lengths[2];
        var qkv = x.LayerNorm(ln1Gain, ln1Bias).MatMul(qkvWeight) + qkvBias;
        var (q, k, v) = qkv.Chunk(3, 2);
        q = q.Reshape(b, t, 12, -1).Permute(0, 2, 1, 3);
        k = k.Reshape(b, t, 12, -1).Permute(0, 2, 1, 3);
        v = v.Reshape(b, t, 12, -1).Permute(0, 2, 1, 3);
        // Causal attention per head, softmax(q·kᵀ/√d)·v, as one op that keeps no [B, heads, T, T] weights.
        var heads = TensorMath.ScaledDotProductAttention(q, k, v, causal: true).Permute(0, 2, 1, 3).Reshape(b, t, c);
        var h = x + heads.MatMul(projWeight) + projBias;
        return h + (h.LayerNorm(ln2Gain, ln2Bias).MatMul(fcWeight) + fcBias).Gelu().MatMul(outWeight) + outBias;
    }
}
