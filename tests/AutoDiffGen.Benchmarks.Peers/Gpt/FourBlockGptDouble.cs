using System.Numerics.Tensors;
using AutoDiffGen.Tests.Networks;

namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary>
/// <see cref="FourBlockGpt"/> in double, built on the tests' <see cref="TinyGpt.Block"/> (samples/Gpt's block in
/// double), so its gradients can be compared with libtorch's float64 autograd down to rounding.
/// </summary>
public static partial class FourBlockGptDouble
{
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
        [Shape("4*D")] Tensor<double> ln1Gain2, [Shape("4*D")] Tensor<double> ln1Bias2,
        [Shape("4*D, 12*D")] Tensor<double> qkvWeight2, [Shape("12*D")] Tensor<double> qkvBias2,
        [Shape("4*D, 4*D")] Tensor<double> projWeight2, [Shape("4*D")] Tensor<double> projBias2,
        [Shape("4*D")] Tensor<double> ln2Gain2, [Shape("4*D")] Tensor<double> ln2Bias2,
        [Shape("4*D, 16*D")] Tensor<double> fcWeight2, [Shape("16*D")] Tensor<double> fcBias2,
        [Shape("16*D, 4*D")] Tensor<double> outWeight2, [Shape("4*D")] Tensor<double> outBias2,
        [Shape("4*D")] Tensor<double> ln1Gain3, [Shape("4*D")] Tensor<double> ln1Bias3,
        [Shape("4*D, 12*D")] Tensor<double> qkvWeight3, [Shape("12*D")] Tensor<double> qkvBias3,
        [Shape("4*D, 4*D")] Tensor<double> projWeight3, [Shape("4*D")] Tensor<double> projBias3,
        [Shape("4*D")] Tensor<double> ln2Gain3, [Shape("4*D")] Tensor<double> ln2Bias3,
        [Shape("4*D, 16*D")] Tensor<double> fcWeight3, [Shape("16*D")] Tensor<double> fcBias3,
        [Shape("16*D, 4*D")] Tensor<double> outWeight3, [Shape("4*D")] Tensor<double> outBias3,
        [Shape("4*D")] Tensor<double> lnFinalGain, [Shape("4*D")] Tensor<double> lnFinalBias)
    {
        var x = tokenEmbedding.Embedding(tokens) + positionEmbedding;
        x = TinyGpt.Block(x, ln1Gain0, ln1Bias0, qkvWeight0, qkvBias0, projWeight0, projBias0, ln2Gain0, ln2Bias0, fcWeight0, fcBias0, outWeight0, outBias0);
        x = TinyGpt.Block(x, ln1Gain1, ln1Bias1, qkvWeight1, qkvBias1, projWeight1, projBias1, ln2Gain1, ln2Bias1, fcWeight1, fcBias1, outWeight1, outBias1);
        x = TinyGpt.Block(x, ln1Gain2, ln1Bias2, qkvWeight2, qkvBias2, projWeight2, projBias2, ln2Gain2, ln2Bias2, fcWeight2, fcBias2, outWeight2, outBias2);
        x = TinyGpt.Block(x, ln1Gain3, ln1Bias3, qkvWeight3, qkvBias3, projWeight3, projBias3, ln2Gain3, ln2Bias3, fcWeight3, fcBias3, outWeight3, outBias3);
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
        [Shape("4*D")] Tensor<double> ln1Gain2, [Shape("4*D")] Tensor<double> ln1Bias2,
        [Shape("4*D, 12*D")] Tensor<double> qkvWeight2, [Shape("12*D")] Tensor<double> qkvBias2,
        [Shape("4*D, 4*D")] Tensor<double> projWeight2, [Shape("4*D")] Tensor<double> projBias2,
        [Shape("4*D")] Tensor<double> ln2Gain2, [Shape("4*D")] Tensor<double> ln2Bias2,
        [Shape("4*D, 16*D")] Tensor<double> fcWeight2, [Shape("16*D")] Tensor<double> fcBias2,
        [Shape("16*D, 4*D")] Tensor<double> outWeight2, [Shape("4*D")] Tensor<double> outBias2,
        [Shape("4*D")] Tensor<double> ln1Gain3, [Shape("4*D")] Tensor<double> ln1Bias3,
        [Shape("4*D, 12*D")] Tensor<double> qkvWeight3, [Shape("12*D")] Tensor<double> qkvBias3,
        [Shape("4*D, 4*D")] Tensor<double> projWeight3, [Shape("4*D")] Tensor<double> projBias3,
        [Shape("4*D")] Tensor<double> ln2Gain3, [Shape("4*D")] Tensor<double> ln2Bias3,
        [Shape("4*D, 16*D")] Tensor<double> fcWeight3, [Shape("16*D")] Tensor<double> fcBias3,
        [Shape("16*D, 4*D")] Tensor<double> outWeight3, [Shape("4*D")] Tensor<double> outBias3,
        [Shape("4*D")] Tensor<double> lnFinalGain, [Shape("4*D")] Tensor<double> lnFinalBias)
    {
        var b = tokens.Lengths[0];
        var t = tokens.Lengths[1];
        return Logits(tokens, tokenEmbedding, positionEmbedding, ln1Gain0, ln1Bias0, qkvWeight0, qkvBias0, projWeight0, projBias0, ln2Gain0, ln2Bias0, fcWeight0, fcBias0, outWeight0, outBias0, ln1Gain1, ln1Bias1, qkvWeight1, qkvBias1, projWeight1, projBias1, ln2Gain1, ln2Bias1, fcWeight1, fcBias1, outWeight1, outBias1, ln1Gain2, ln1Bias2, qkvWeight2, qkvBias2, projWeight2, projBias2, ln2Gain2, ln2Bias2, fcWeight2, fcBias2, outWeight2, outBias2, ln1Gain3, ln1Bias3, qkvWeight3, qkvBias3, projWeight3, projBias3, ln2Gain3, ln2Bias3, fcWeight3, fcBias3, outWeight3, outBias3, lnFinalGain, lnFinalBias).Reshape(b * t, -1).CrossEntropy(targets);
    }
}
