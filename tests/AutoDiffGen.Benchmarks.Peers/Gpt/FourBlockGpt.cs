using System.Numerics.Tensors;
using AutoDiffGen.Samples.Gpt;

namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary>
/// The GPT of samples/Gpt with four blocks instead of two: the same <see cref="Model.Block"/> called four times (the
/// generator inlines each call; a method body has no loop to repeat it), then the final LayerNorm, the output
/// projection tied to the token embedding and the mean cross-entropy.
/// </summary>
public static partial class FourBlockGpt
{
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
        [Shape("4*D")] Tensor<float> ln1Gain2, [Shape("4*D")] Tensor<float> ln1Bias2,
        [Shape("4*D, 12*D")] Tensor<float> qkvWeight2, [Shape("12*D")] Tensor<float> qkvBias2,
        [Shape("4*D, 4*D")] Tensor<float> projWeight2, [Shape("4*D")] Tensor<float> projBias2,
        [Shape("4*D")] Tensor<float> ln2Gain2, [Shape("4*D")] Tensor<float> ln2Bias2,
        [Shape("4*D, 16*D")] Tensor<float> fcWeight2, [Shape("16*D")] Tensor<float> fcBias2,
        [Shape("16*D, 4*D")] Tensor<float> outWeight2, [Shape("4*D")] Tensor<float> outBias2,
        [Shape("4*D")] Tensor<float> ln1Gain3, [Shape("4*D")] Tensor<float> ln1Bias3,
        [Shape("4*D, 12*D")] Tensor<float> qkvWeight3, [Shape("12*D")] Tensor<float> qkvBias3,
        [Shape("4*D, 4*D")] Tensor<float> projWeight3, [Shape("4*D")] Tensor<float> projBias3,
        [Shape("4*D")] Tensor<float> ln2Gain3, [Shape("4*D")] Tensor<float> ln2Bias3,
        [Shape("4*D, 16*D")] Tensor<float> fcWeight3, [Shape("16*D")] Tensor<float> fcBias3,
        [Shape("16*D, 4*D")] Tensor<float> outWeight3, [Shape("4*D")] Tensor<float> outBias3,
        [Shape("4*D")] Tensor<float> lnFinalGain, [Shape("4*D")] Tensor<float> lnFinalBias)
    {
        var x = tokenEmbedding.Embedding(tokens) + positionEmbedding;
        x = Model.Block(x, ln1Gain0, ln1Bias0, qkvWeight0, qkvBias0, projWeight0, projBias0, ln2Gain0, ln2Bias0, fcWeight0, fcBias0, outWeight0, outBias0);
        x = Model.Block(x, ln1Gain1, ln1Bias1, qkvWeight1, qkvBias1, projWeight1, projBias1, ln2Gain1, ln2Bias1, fcWeight1, fcBias1, outWeight1, outBias1);
        x = Model.Block(x, ln1Gain2, ln1Bias2, qkvWeight2, qkvBias2, projWeight2, projBias2, ln2Gain2, ln2Bias2, fcWeight2, fcBias2, outWeight2, outBias2);
        x = Model.Block(x, ln1Gain3, ln1Bias3, qkvWeight3, qkvBias3, projWeight3, projBias3, ln2Gain3, ln2Bias3, fcWeight3, fcBias3, outWeight3, outBias3);
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
        [Shape("4*D")] Tensor<float> ln1Gain2, [Shape("4*D")] Tensor<float> ln1Bias2,
        [Shape("4*D, 12*D")] Tensor<float> qkvWeight2, [Shape("12*D")] Tensor<float> qkvBias2,
        [Shape("4*D, 4*D")] Tensor<float> projWeight2, [Shape("4*D")] Tensor<float> projBias2,
        [Shape("4*D")] Tensor<float> ln2Gain2, [Shape("4*D")] Tensor<float> ln2Bias2,
        [Shape("4*D, 16*D")] Tensor<float> fcWeight2, [Shape("16*D")] Tensor<float> fcBias2,
        [Shape("16*D, 4*D")] Tensor<float> outWeight2, [Shape("4*D")] Tensor<float> outBias2,
        [Shape("4*D")] Tensor<float> ln1Gain3, [Shape("4*D")] Tensor<float> ln1Bias3,
        [Shape("4*D, 12*D")] Tensor<float> qkvWeight3, [Shape("12*D")] Tensor<float> qkvBias3,
        [Shape("4*D, 4*D")] Tensor<float> projWeight3, [Shape("4*D")] Tensor<float> projBias3,
        [Shape("4*D")] Tensor<float> ln2Gain3, [Shape("4*D")] Tensor<float> ln2Bias3,
        [Shape("4*D, 16*D")] Tensor<float> fcWeight3, [Shape("16*D")] Tensor<float> fcBias3,
        [Shape("16*D, 4*D")] Tensor<float> outWeight3, [Shape("4*D")] Tensor<float> outBias3,
        [Shape("4*D")] Tensor<float> lnFinalGain, [Shape("4*D")] Tensor<float> lnFinalBias)
    {
        var b = tokens.Lengths[0];
        var t = tokens.Lengths[1];
        return Logits(tokens, tokenEmbedding, positionEmbedding, ln1Gain0, ln1Bias0, qkvWeight0, qkvBias0, projWeight0, projBias0, ln2Gain0, ln2Bias0, fcWeight0, fcBias0, outWeight0, outBias0, ln1Gain1, ln1Bias1, qkvWeight1, qkvBias1, projWeight1, projBias1, ln2Gain1, ln2Bias1, fcWeight1, fcBias1, outWeight1, outBias1, ln1Gain2, ln1Bias2, qkvWeight2, qkvBias2, projWeight2, projBias2, ln2Gain2, ln2Bias2, fcWeight2, fcBias2, outWeight2, outBias2, ln1Gain3, ln1Bias3, qkvWeight3, qkvBias3, projWeight3, projBias3, ln2Gain3, ln2Bias3, fcWeight3, fcBias3, outWeight3, outBias3, lnFinalGain, lnFinalBias).Reshape(b * t, -1).CrossEntropy(targets);
    }
}
