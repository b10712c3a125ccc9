using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Gpt;

/// <summary>
/// A character-level GPT of L pre-norm blocks of four heads: token and position embeddings; per block LayerNorm,
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

    /// <summary>
    /// The next-character logits at every position, [B, T, V]. The blocks' weights are stacked, layer l of each at
    /// index l of its first axis, and a loop runs the blocks: the generator differentiates it as a loop, so the code is
    /// the same for any number of layers L.
    /// </summary>
    [Differentiable]
    public static Tensor<float> Logits([Shape("B, T")] Tensor<int> tokens,
        [Shape("V, 4*D")] Tensor<float> tokenEmbedding, [Shape("T, 4*D")] Tensor<float> positionEmbedding,
        [Shape("L, 4*D")] Tensor<float> ln1Gain, [Shape("L, 4*D")] Tensor<float> ln1Bias,
        [Shape("L, 4*D, 12*D")] Tensor<float> qkvWeight, [Shape("L, 12*D")] Tensor<float> qkvBias,
        [Shape("L, 4*D, 4*D")] Tensor<float> projWeight, [Shape("L, 4*D")] Tensor<float> projBias,
        [Shape("L, 4*D")] Tensor<float> ln2Gain, [Shape("L, 4*D")] Tensor<float> ln2Bias,
        [Shape("L, 4*D, 16*D")] Tensor<float> fcWeight, [Shape("L, 16*D")] Tensor<float> fcBias,
        [Shape("L, 16*D, 4*D")] Tensor<float> outWeight, [Shape("L, 4*D")] Tensor<float> outBias,
        [Shape("4*D")] Tensor<float> lnFinalGain, [Shape("4*D")] Tensor<float> lnFinalBias)
    {
        var x = tokenEmbedding.Embedding(tokens) + positionEmbedding;
        for (int l = 0; l < qkvWeight.Lengths[0]; l++)
        {
            x = Block(x, ln1Gain.Layer(l), ln1Bias.Layer(l), qkvWeight.Layer(l), qkvBias.Layer(l), projWeight.Layer(l), projBias.Layer(l),
                ln2Gain.Layer(l), ln2Bias.Layer(l), fcWeight.Layer(l), fcBias.Layer(l), outWeight.Layer(l), outBias.Layer(l));
        }
        // The output projection is the token embedding again: its gradient gets both contributions.
        return x.LayerNorm(lnFinalGain, lnFinalBias).MatMul(tokenEmbedding.Transpose());
    }

    /// <summary>The mean cross-entropy of the next character over all B·T positions.</summary>
    [Differentiable]
    public static float Loss([Shape("B, T")] Tensor<int> tokens, [Shape("B*T")] Tensor<int> targets,
        [Shape("V, 4*D")] Tensor<float> tokenEmbedding, [Shape("T, 4*D")] Tensor<float> positionEmbedding,
        [Shape("L, 4*D")] Tensor<float> ln1Gain, [Shape("L, 4*D")] Tensor<float> ln1Bias,
        [Shape("L, 4*D, 12*D")] Tensor<float> qkvWeight, [Shape("L, 12*D")] Tensor<float> qkvBias,
        [Shape("L, 4*D, 4*D")] Tensor<float> projWeight, [Shape("L, 4*D")] Tensor<float> projBias,
        [Shape("L, 4*D")] Tensor<float> ln2Gain, [Shape("L, 4*D")] Tensor<float> ln2Bias,
        [Shape("L, 4*D, 16*D")] Tensor<float> fcWeight, [Shape("L, 16*D")] Tensor<float> fcBias,
        [Shape("L, 16*D, 4*D")] Tensor<float> outWeight, [Shape("L, 4*D")] Tensor<float> outBias,
        [Shape("4*D")] Tensor<float> lnFinalGain, [Shape("4*D")] Tensor<float> lnFinalBias)
    {
        var b = tokens.Lengths[0];
        var t = tokens.Lengths[1];
        return Logits(tokens, tokenEmbedding, positionEmbedding, ln1Gain, ln1Bias, qkvWeight, qkvBias, projWeight, projBias, ln2Gain, ln2Bias, fcWeight, fcBias, outWeight, outBias, lnFinalGain, lnFinalBias).Reshape(b * t, -1).CrossEntropy(targets);
    }
}
