using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Networks;

/// <summary>
/// <see cref="TinyGpt.Block"/> with the head count an argument: <c>[Shape("H")] int heads</c> binds the symbol H, the
/// width H*D then binds D, and <c>Reshape(b, t, heads, -1)</c> splits the channels into H heads of D.
/// </summary>
public static partial class HeadsGpt
{
    [Differentiable]
    public static Tensor<double> Block([Shape("B, T, H*D")] Tensor<double> x,
        [Shape("H*D")] Tensor<double> ln1Gain, [Shape("H*D")] Tensor<double> ln1Bias,
        [Shape("H*D, 3*H*D")] Tensor<double> qkvWeight, [Shape("3*H*D")] Tensor<double> qkvBias,
        [Shape("H*D, H*D")] Tensor<double> projWeight, [Shape("H*D")] Tensor<double> projBias,
        [Shape("H*D")] Tensor<double> ln2Gain, [Shape("H*D")] Tensor<double> ln2Bias,
        [Shape("H*D, 4*H*D")] Tensor<double> fcWeight, [Shape("4*H*D")] Tensor<double> fcBias,
        [Shape("4*H*D, H*D")] Tensor<double> outWeight, [Shape("H*D")] Tensor<double> outBias,
        [Shape("H")] int heads)
    {
        var b = x.Lengths[0];
        var t = x.Lengths[1];
        var c = x.Lengths[2];
        var qkv = x.LayerNorm(ln1Gain, ln1Bias).MatMul(qkvWeight) + qkvBias;
        var (q, k, v) = qkv.Chunk(3, 2);
        q = q.Reshape(b, t, heads, -1).Permute(0, 2, 1, 3);
        k = k.Reshape(b, t, heads, -1).Permute(0, 2, 1, 3);
        v = v.Reshape(b, t, heads, -1).Permute(0, 2, 1, 3);
        var attended = TensorMath.ScaledDotProductAttention(q, k, v, causal: true).Permute(0, 2, 1, 3).Reshape(b, t, c);
        var h = x + attended.MatMul(projWeight) + projBias;
        return h + (h.LayerNorm(ln2Gain, ln2Bias).MatMul(fcWeight) + fcBias).Gelu().MatMul(outWeight) + outBias;
    }

    /// <summary>The whole model over stacked blocks of any head count.</summary>
    [Differentiable]
    public static double Loss([Shape("B, T")] Tensor<int> tokens, [Shape("B*T")] Tensor<int> targets,
        [Shape("V, H*D")] Tensor<double> tokenEmbedding, [Shape("T, H*D")] Tensor<double> positionEmbedding,
        [Shape("L, H*D")] Tensor<double> ln1Gain, [Shape("L, H*D")] Tensor<double> ln1Bias,
        [Shape("L, H*D, 3*H*D")] Tensor<double> qkvWeight, [Shape("L, 3*H*D")] Tensor<double> qkvBias,
        [Shape("L, H*D, H*D")] Tensor<double> projWeight, [Shape("L, H*D")] Tensor<double> projBias,
        [Shape("L, H*D")] Tensor<double> ln2Gain, [Shape("L, H*D")] Tensor<double> ln2Bias,
        [Shape("L, H*D, 4*H*D")] Tensor<double> fcWeight, [Shape("L, 4*H*D")] Tensor<double> fcBias,
        [Shape("L, 4*H*D, H*D")] Tensor<double> outWeight, [Shape("L, H*D")] Tensor<double> outBias,
        [Shape("H*D")] Tensor<double> lnFinalGain, [Shape("H*D")] Tensor<double> lnFinalBias,
        [Shape("H")] int heads)
    {
        var b = tokens.Lengths[0];
        var t = tokens.Lengths[1];
        var x = tokenEmbedding.Embedding(tokens) + positionEmbedding;
        for (int l = 0; l < qkvWeight.Lengths[0]; l++)
        {
            x = Block(x, ln1Gain.Layer(l), ln1Bias.Layer(l), qkvWeight.Layer(l), qkvBias.Layer(l), projWeight.Layer(l), projBias.Layer(l),
                ln2Gain.Layer(l), ln2Bias.Layer(l), fcWeight.Layer(l), fcBias.Layer(l), outWeight.Layer(l), outBias.Layer(l), heads);
        }
        return x.LayerNorm(lnFinalGain, lnFinalBias).MatMul(tokenEmbedding.Transpose()).Reshape(b * t, -1).CrossEntropy(targets);
    }
}
