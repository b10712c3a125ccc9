using System.Numerics.Tensors;

namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary>
/// The GPT of samples/Gpt with the head count an argument, in float: token and position embeddings, L pre-norm blocks
/// run by a loop over stacked weights (LayerNorm, q, k and v by Chunk, fused causal attention over <c>heads</c> heads,
/// projection and residual; LayerNorm, GELU MLP and residual), the final LayerNorm, the output projection tied to the
/// token embedding and the mean cross-entropy. Its double twin is the tests' <c>HeadsGpt</c>, checked there against
/// finite differences and, at four heads, against the sample's block.
/// </summary>
public static partial class GptModel
{
    [Differentiable]
    public static Tensor<float> Block([Shape("B, T, H*D")] Tensor<float> x,
        [Shape("H*D")] Tensor<float> ln1Gain, [Shape("H*D")] Tensor<float> ln1Bias,
        [Shape("H*D, 3*H*D")] Tensor<float> qkvWeight, [Shape("3*H*D")] Tensor<float> qkvBias,
        [Shape("H*D, H*D")] Tensor<float> projWeight, [Shape("H*D")] Tensor<float> projBias,
        [Shape("H*D")] Tensor<float> ln2Gain, [Shape("H*D")] Tensor<float> ln2Bias,
        [Shape("H*D, 4*H*D")] Tensor<float> fcWeight, [Shape("4*H*D")] Tensor<float> fcBias,
        [Shape("4*H*D, H*D")] Tensor<float> outWeight, [Shape("H*D")] Tensor<float> outBias,
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
    public static float Loss([Shape("B, T")] Tensor<int> tokens, [Shape("B*T")] Tensor<int> targets,
        [Shape("V, H*D")] Tensor<float> tokenEmbedding, [Shape("T, H*D")] Tensor<float> positionEmbedding,
        [Shape("L, H*D")] Tensor<float> ln1Gain, [Shape("L, H*D")] Tensor<float> ln1Bias,
        [Shape("L, H*D, 3*H*D")] Tensor<float> qkvWeight, [Shape("L, 3*H*D")] Tensor<float> qkvBias,
        [Shape("L, H*D, H*D")] Tensor<float> projWeight, [Shape("L, H*D")] Tensor<float> projBias,
        [Shape("L, H*D")] Tensor<float> ln2Gain, [Shape("L, H*D")] Tensor<float> ln2Bias,
        [Shape("L, H*D, 4*H*D")] Tensor<float> fcWeight, [Shape("L, 4*H*D")] Tensor<float> fcBias,
        [Shape("L, 4*H*D, H*D")] Tensor<float> outWeight, [Shape("L, H*D")] Tensor<float> outBias,
        [Shape("H*D")] Tensor<float> lnFinalGain, [Shape("H*D")] Tensor<float> lnFinalBias,
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
