using System.Numerics.Tensors;

namespace AutoDiffGen.Benchmarks.Peers.Makemore;

/// <summary>
/// <see cref="AutoDiffGen.Benchmarks.Makemore.MakemoreNetwork"/> in double, line for line, so the generated
/// gradients can be compared with libtorch's float64 autograd down to rounding.
/// </summary>
public static partial class MakemoreNetworkDouble
{
    [Differentiable]
    public static double Loss(
        [Shape("N, K")] Tensor<int> contexts,
        [Shape("N")] Tensor<int> targets,
        [Shape("V, E")] Tensor<double> embedding,
        [Shape("K*E, H")] Tensor<double> w1,
        [Shape("H")] Tensor<double> b1,
        [Shape("H, V")] Tensor<double> w2,
        [Shape("V")] Tensor<double> b2,
        [Shape("1, H")] Tensor<double> gain,
        [Shape("1, H")] Tensor<double> bias)
    {
        var emb = embedding.Embedding(contexts).Flatten(1);
        var hidden = (emb.MatMul(w1) + b1).BatchNorm(gain, bias, 1e-5, correction: 1).Tanh();
        var logits = hidden.MatMul(w2) + b2;
        return logits.CrossEntropy(targets);
    }
}
