using System.Numerics.Tensors;

namespace AutoDiffGen.Benchmarks.Makemore;

/// <summary>
/// The makemore part 4 network at any size: embed a K-character context, a linear layer, batch norm with Bessel's
/// correction, tanh, a linear layer and cross-entropy. The same network the peer benchmark runs in TorchSharp.
/// </summary>
public static partial class MakemoreNetwork
{
    [Differentiable]
    public static float Loss(
        [Shape("N, K")] Tensor<int> contexts,
        [Shape("N")] Tensor<int> targets,
        [Shape("V, E")] Tensor<float> embedding,
        [Shape("K*E, H")] Tensor<float> w1,
        [Shape("H")] Tensor<float> b1,
        [Shape("H, V")] Tensor<float> w2,
        [Shape("V")] Tensor<float> b2,
        [Shape("1, H")] Tensor<float> gain,
        [Shape("1, H")] Tensor<float> bias)
    {
        var emb = embedding.Embedding(contexts).Flatten(1);
        var hidden = (emb.MatMul(w1) + b1).BatchNorm(gain, bias, 1e-5, correction: 1).Tanh();
        var logits = hidden.MatMul(w2) + b2;
        return logits.CrossEntropy(targets);
    }
}
