using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Networks;

/// <summary>
/// The GPT of samples/Gpt in double, its two pre-norm blocks of four heads written out as two calls (LayerNorm, qkv
/// narrowed into q, k and v, causal attention, projection, residual; LayerNorm, GELU MLP, residual), with token and
/// position embeddings, a final LayerNorm and the output projection tied to the token embedding, then the mean
/// cross-entropy: the reference <see cref="LayeredGpt"/>'s loop over stacked blocks is held against.
/// </summary>
public static partial class TinyGpt
{
    [Differentiable]
    public static Tensor<double> Block([Shape("B, T, 4*D")] Tensor<double> x,
        [Shape("4*D")] Tensor<double> ln1Gain, [Shape("4*D")] Tensor<double> ln1Bias,
        [Shape("4*D, 12*D")] Tensor<double> qkvWeight, [Shape("12*D")] Tensor<double> qkvBias,
        [Shape("4*D, 4*D")] Tensor<double> projWeight, [Shape("4*D")] Tensor<double> projBias,
        [Shape("4*D")] Tensor<double> ln2Gain, [Shape("4*D")] Tensor<double> ln2Bias,
        [Shape("4*D, 16*D")] Tensor<double> fcWeight, [Shape("16*D")] Tensor<double> fcBias,
        [Shape("16*D, 4*D")] Tensor<double> outWeight, [Shape("4*D")] Tensor<double> outBias)
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
    public static Tensor<double> Logits([Shape("B, T")] Tensor<int> tokens,
        [Shape("V, 4*D")] Tensor<double> tokenEmbedding, [Shape("T, 4*D")] Tensor<double> positionEmbedding,
        [Shape("4*D")] Tensor<double> ln1Gain0, [Shape("4*D")] Tensor<double> ln1Bias0,
        [Shape("4*D, 12*D")] Tensor<double> qkvWeight0, [Shape("12*D")] Tensor<double> qkvBias0,
        [Shape("4*D, 4*D")] Tensor<double> projWeight0, [Shape("4*D")] Tensor<double> projBias0,
        [Shape("4*D")] Tensor<double> ln2Gain0, [Shape("4*D")] Tensor<double> ln2Bias0,
        [Shape("4*D, 16*D")] Tensor<double> fcWeight0, [Shape("16*D")] Tensor<double> fcBias0,
        [Shape("16*D, 4*D")] Tensor<double> outWeight0, [Shape("4*D")] Tensor<double> outBias0,
        [Shape("4*D")] Tensor<double> ln1Gain1, [Shape("4*D")] Tensor<double> ln1Bias1,
        [Shape("4*D, 12*D")] Tensor<double> qkvWeight1, [Shape("12*D")] Tensor<double> qkvBias1,
        [Shape("4*D, 4*D")] Tensor<double> projWeight1, [Shape("4*D")] Tensor<double> projBias1,
        [Shape("4*D")] Tensor<double> ln2Gain1, [Shape("4*D")] Tensor<double> ln2Bias1,
        [Shape("4*D, 16*D")] Tensor<double> fcWeight1, [Shape("16*D")] Tensor<double> fcBias1,
        [Shape("16*D, 4*D")] Tensor<double> outWeight1, [Shape("4*D")] Tensor<double> outBias1,
        [Shape("4*D")] Tensor<double> lnFinalGain, [Shape("4*D")] Tensor<double> lnFinalBias)
    {
        var x = tokenEmbedding.Embedding(tokens) + positionEmbedding;
        x = Block(x, ln1Gain0, ln1Bias0, qkvWeight0, qkvBias0, projWeight0, projBias0, ln2Gain0, ln2Bias0, fcWeight0, fcBias0, outWeight0, outBias0);
        x = Block(x, ln1Gain1, ln1Bias1, qkvWeight1, qkvBias1, projWeight1, projBias1, ln2Gain1, ln2Bias1, fcWeight1, fcBias1, outWeight1, outBias1);
        // The output projection is the token embedding again: its gradient gets both contributions.
        return x.LayerNorm(lnFinalGain, lnFinalBias).MatMul(tokenEmbedding.Transpose());
    }

    /// <summary>The mean cross-entropy of the next character over all B·T positions.</summary>
    [Differentiable]
    public static double Loss([Shape("B, T")] Tensor<int> tokens, [Shape("B*T")] Tensor<int> targets,
        [Shape("V, 4*D")] Tensor<double> tokenEmbedding, [Shape("T, 4*D")] Tensor<double> positionEmbedding,
        [Shape("4*D")] Tensor<double> ln1Gain0, [Shape("4*D")] Tensor<double> ln1Bias0,
        [Shape("4*D, 12*D")] Tensor<double> qkvWeight0, [Shape("12*D")] Tensor<double> qkvBias0,
        [Shape("4*D, 4*D")] Tensor<double> projWeight0, [Shape("4*D")] Tensor<double> projBias0,
        [Shape("4*D")] Tensor<double> ln2Gain0, [Shape("4*D")] Tensor<double> ln2Bias0,
        [Shape("4*D, 16*D")] Tensor<double> fcWeight0, [Shape("16*D")] Tensor<double> fcBias0,
        [Shape("16*D, 4*D")] Tensor<double> outWeight0, [Shape("4*D")] Tensor<double> outBias0,
        [Shape("4*D")] Tensor<double> ln1Gain1, [Shape("4*D")] Tensor<double> ln1Bias1,
        [Shape("4*D, 12*D")] Tensor<double> qkvWeight1, [Shape("12*D")] Tensor<double> qkvBias1,
        [Shape("4*D, 4*D")] Tensor<double> projWeight1, [Shape("4*D")] Tensor<double> projBias1,
        [Shape("4*D")] Tensor<double> ln2Gain1, [Shape("4*D")] Tensor<double> ln2Bias1,
        [Shape("4*D, 16*D")] Tensor<double> fcWeight1, [Shape("16*D")] Tensor<double> fcBias1,
        [Shape("16*D, 4*D")] Tensor<double> outWeight1, [Shape("4*D")] Tensor<double> outBias1,
        [Shape("4*D")] Tensor<double> lnFinalGain, [Shape("4*D")] Tensor<double> lnFinalBias)
    {
        var b = tokens.Lengths[0];
        var t = tokens.Lengths[1];
        return Logits(tokens, tokenEmbedding, positionEmbedding, ln1Gain0, ln1Bias0, qkvWeight0, qkvBias0, projWeight0, projBias0, ln2Gain0, ln2Bias0, fcWeight0, fcBias0, outWeight0, outBias0, ln1Gain1, ln1Bias1, qkvWeight1, qkvBias1, projWeight1, projBias1, ln2Gain1, ln2Bias1, fcWeight1, fcBias1, outWeight1, outBias1, lnFinalGain, lnFinalBias).Reshape(b * t, -1).CrossEntropy(targets);
    }

    /// <summary>An embedding used again, transposed, as the output projection: its gradient is the sum of both uses.</summary>
    [Differentiable]
    public static double Tied([Shape("B, T")] Tensor<int> tokens, [Shape("B*T")] Tensor<int> targets, [Shape("V, C")] Tensor<double> embedding)
    {
        var b = tokens.Lengths[0];
        var t = tokens.Lengths[1];
        return embedding.Embedding(tokens).Tanh().MatMul(embedding.Transpose()).Reshape(b * t, -1).CrossEntropy(targets);
    }

    /// <summary><see cref="Tied"/> with the two uses given separately.</summary>
    [Differentiable]
    public static double Untied([Shape("B, T")] Tensor<int> tokens, [Shape("B*T")] Tensor<int> targets, [Shape("V, C")] Tensor<double> embedding,
        [Shape("V, C")] Tensor<double> output)
    {
        var b = tokens.Lengths[0];
        var t = tokens.Lengths[1];
        return embedding.Embedding(tokens).Tanh().MatMul(output.Transpose()).Reshape(b * t, -1).CrossEntropy(targets);
    }
}
