using System.Numerics.Tensors;

namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary>
/// The block of samples/Gpt (<see cref="AutoDiffGen.Samples.Gpt.Model.Block"/>) with six and with twelve heads
/// instead of four, for the widths of GPT-2's larger shapes: the head count is a literal there
/// (<c>Reshape(b, t, 4, -1)</c>), so each count is a method of its own. Otherwise line for line the same: LayerNorm,
/// q, k and v by Chunk, fused causal attention, projection and residual; LayerNorm, GELU MLP and residual.
/// </summary>
public static partial class WideBlocks
{
    [Differentiable]
    public static Tensor<float> Block6([Shape("B, T, 6*D")] Tensor<float> x,
        [Shape("6*D")] Tensor<float> ln1Gain, [Shape("6*D")] Tensor<float> ln1Bias,
        [Shape("6*D, 18*D")] Tensor<float> qkvWeight, [Shape("18*D")] Tensor<float> qkvBias,
        [Shape("6*D, 6*D")] Tensor<float> projWeight, [Shape("6*D")] Tensor<float> projBias,
        [Shape("6*D")] Tensor<float> ln2Gain, [Shape("6*D")] Tensor<float> ln2Bias,
        [Shape("6*D, 24*D")] Tensor<float> fcWeight, [Shape("24*D")] Tensor<float> fcBias,
        [Shape("24*D, 6*D")] Tensor<float> outWeight, [Shape("6*D")] Tensor<float> outBias)
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
    public static Tensor<float> Block12([Shape("B, T, 12*D")] Tensor<float> x,
        [Shape("12*D")] Tensor<float> ln1Gain, [Shape("12*D")] Tensor<float> ln1Bias,
        [Shape("12*D, 36*D")] Tensor<float> qkvWeight, [Shape("36*D")] Tensor<float> qkvBias,
        [Shape("12*D, 12*D")] Tensor<float> projWeight, [Shape("12*D")] Tensor<float> projBias,
        [Shape("12*D")] Tensor<float> ln2Gain, [Shape("12*D")] Tensor<float> ln2Bias,
        [Shape("12*D, 48*D")] Tensor<float> fcWeight, [Shape("48*D")] Tensor<float> fcBias,
        [Shape("48*D, 12*D")] Tensor<float> outWeight, [Shape("12*D")] Tensor<float> outBias)
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
