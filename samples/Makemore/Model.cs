using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Makemore;

/// <summary>
/// The makemore MLP: embed a three-character context, a hidden layer with batch norm (Bessel's correction, as in the
/// lecture) and tanh, and logits over the next character.
/// </summary>
public static partial class Model
{
    [Differentiable]
    public static float Loss(
        [Shape("N, 3")] Tensor<int> contexts,
        [Shape("N")] Tensor<int> targets,
        [Shape("V, E")] Tensor<float> embedding,
        [Shape("3*E, H")] Tensor<float> w1,
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
