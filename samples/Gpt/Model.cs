using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Gpt;

/// <summary>
/// A character-level GPT with two pre-norm blocks of four heads: token and position embeddings; per block LayerNorm,
/// one qkv projection split into q, k and v, causal multi-head attention, the output projection and the residual,
/// then LayerNorm, an MLP with GELU and the second residual; a final LayerNorm and the output projection tied to the
/// token embedding. The width is 4*D: four heads of D.
/// </summary>
public static partial class Model
{
    [Differentiable]
    public static Tensor<float> Block([Shape("B, T, 4*D")] Tensor<float> x,
        [Shape("4*D")] Tensor<float> ln1Gain, [Shape("4*D")] Tensor<float> ln1Bias,
        [Shape("4*D, 12*D")] Tensor<float> qkvWeight, [Shape("12*D")] Tensor<float> qkvBias,
        [Shape("4*D, 4*D")] Tensor<float> projWeight, [Shape("4*D")] Tensor<float> projBias,
        [Shape("4*D")] Tensor<float> ln2Gain, [Shape("4*D")] Tensor<float> ln2Bias,
        [Shape("4*D, 16*D")] Tensor<float> fcWeight, [Shape("16*D")] Tensor<float> fcBias,
        [Shape("16*D, 4*D")] Tensor<float> outWeight, [Shape("4*D")] Tensor<float> outBias)
    {
        var b = x.Lengths[0];
        var t = x.Lengths[1];
        var c = x.Lengths[2];
        var qkv = x.LayerNorm(ln1Gain, ln1Bias).MatMul(qkvWeight) + qkvBias;
        // q, k and v [B, T, C] out of the one projection, then [B, 4, T, D]: each head's slice of the channels.
        var (q, k, v) = qkv.Chunk(3, 2);
        q = q.Reshape(b, t, 4, -1).Permute(0, 2, 1, 3);
        k = k.Reshape(b, t, 4, -1).Permute(0, 2, 1, 3);
        v = v.Reshape(b, t, 4, -1).Permute(0, 2, 1, 3);
        // Causal attention per head, softmax(q·kᵀ/√d)·v, as one op that keeps no [B, heads, T, T] weights.
        var heads = TensorMath.ScaledDotProductAttention(q, k, v, causal: true).Permute(0, 2, 1, 3).Reshape(b, t, c);
        var h = x + heads.MatMul(projWeight) + projBias;
        return h + (h.LayerNorm(ln2Gain, ln2Bias).MatMul(fcWeight) + fcBias).Gelu().MatMul(outWeight) + outBias;
    }

    /// <summary>The next-character logits at every position, [B, T, V].</summary>
    [Differentiable]
    public static Tensor<float> Logits([Shape("B, T")] Tensor<int> tokens,
        [Shape("V, 4*D")] Tensor<float> tokenEmbedding, [Shape("T, 4*D")] Tensor<float> positionEmbedding,
        [Shape("4*D")] Tensor<float> ln1Gain0, [Shape("4*D")] Tensor<float> ln1Bias0,
        [Shape("4*D, 12*D")] Tensor<float> qkvWeight0, [Shape("12*D")] Tensor<float> qkvBias0,
        [Shape("4*D, 4*D")] Tensor<float> projWeight0, [Shape("4*D")] Tensor<float> projBias0,
        [Shape("4*D")] Tensor<float> ln2Gain0, [Shape("4*D")] Tensor<float> ln2Bias0,
        [Shape("4*D, 16*D")] Tensor<float> fcWeight0, [Shape("16*D")] Tensor<float> fcBias0,
        [Shape("16*D, 4*D")] Tensor<float> outWeight0, [Shape("4*D")] Tensor<float> outBias0,
        [Shape("4*D")] Tensor<float> ln1Gain1, [Shape("4*D")] Tensor<float> ln1Bias1,
        [Shape("4*D, 12*D")] Tensor<float> qkvWeight1, [Shape("12*D")] Tensor<float> qkvBias1,
        [Shape("4*D, 4*D")] Tensor<float> projWeight1, [Shape("4*D")] Tensor<float> projBias1,
        [Shape("4*D")] Tensor<float> ln2Gain1, [Shape("4*D")] Tensor<float> ln2Bias1,
        [Shape("4*D, 16*D")] Tensor<float> fcWeight1, [Shape("16*D")] Tensor<float> fcBias1,
        [Shape("16*D, 4*D")] Tensor<float> outWeight1, [Shape("4*D")] Tensor<float> outBias1,
        [Shape("4*D")] Tensor<float> lnFinalGain, [Shape("4*D")] Tensor<float> lnFinalBias)
    {
        var x = tokenEmbedding.Embedding(tokens) + positionEmbedding;
        x = Block(x, ln1Gain0, ln1Bias0, qkvWeight0, qkvBias0, projWeight0, projBias0, ln2Gain0, ln2Bias0, fcWeight0, fcBias0, outWeight0, outBias0);
        x = Block(x, ln1Gain1, ln1Bias1, qkvWeight1, qkvBias1, projWeight1, projBias1, ln2Gain1, ln2Bias1, fcWeight1, fcBias1, outWeight1, outBias1);
        // The output projection is the token embedding again: its gradient gets both contributions.
        return x.LayerNorm(lnFinalGain, lnFinalBias).MatMul(tokenEmbedding.Transpose());
    }

    /// <summary>The mean cross-entropy of the next character over all B·T positions.</summary>
    [Differentiable]
    public static float Loss([Shape("B, T")] Tensor<int> tokens, [Shape("B*T")] Tensor<int> targets,
        [Shape("V, 4*D")] Tensor<float> tokenEmbedding, [Shape("T, 4*D")] Tensor<float> positionEmbedding,
        [Shape("4*D")] Tensor<float> ln1Gain0, [Shape("4*D")] Tensor<float> ln1Bias0,
        [Shape("4*D, 12*D")] Tensor<float> qkvWeight0, [Shape("12*D")] Tensor<float> qkvBias0,
        [Shape("4*D, 4*D")] Tensor<float> projWeight0, [Shape("4*D")] Tensor<float> projBias0,
        [Shape("4*D")] Tensor<float> ln2Gain0, [Shape("4*D")] Tensor<float> ln2Bias0,
        [Shape("4*D, 16*D")] Tensor<float> fcWeight0, [Shape("16*D")] Tensor<float> fcBias0,
        [Shape("16*D, 4*D")] Tensor<float> outWeight0, [Shape("4*D")] Tensor<float> outBias0,
        [Shape("4*D")] Tensor<float> ln1Gain1, [Shape("4*D")] Tensor<float> ln1Bias1,
        [Shape("4*D, 12*D")] Tensor<float> qkvWeight1, [Shape("12*D")] Tensor<float> qkvBias1,
        [Shape("4*D, 4*D")] Tensor<float> projWeight1, [Shape("4*D")] Tensor<float> projBias1,
        [Shape("4*D")] Tensor<float> ln2Gain1, [Shape("4*D")] Tensor<float> ln2Bias1,
        [Shape("4*D, 16*D")] Tensor<float> fcWeight1, [Shape("16*D")] Tensor<float> fcBias1,
        [Shape("16*D, 4*D")] Tensor<float> outWeight1, [Shape("4*D")] Tensor<float> outBias1,
        [Shape("4*D")] Tensor<float> lnFinalGain, [Shape("4*D")] Tensor<float> lnFinalBias)
    {
        var b = tokens.Lengths[0];
        var t = tokens.Lengths[1];
        return Logits(tokens, tokenEmbedding, positionEmbedding, ln1Gain0, ln1Bias0, qkvWeight0, qkvBias0, projWeight0, projBias0, ln2Gain0, ln2Bias0, fcWeight0, fcBias0, outWeight0, outBias0, ln1Gain1, ln1Bias1, qkvWeight1, qkvBias1, projWeight1, projBias1, ln2Gain1, ln2Bias1, fcWeight1, fcBias1, outWeight1, outBias1, lnFinalGain, lnFinalBias).Reshape(b * t, -1).CrossEntropy(targets);
    }
}
