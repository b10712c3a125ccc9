using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Networks;

/// <summary>
/// The makemore part 4 network (Karpathy, "Building makemore Part 4: Becoming a Backprop Ninja"): an embedding of
/// a three-character context, a linear layer, batch norm with Bessel's correction, tanh, a linear layer and the
/// cross-entropy of the next character. Written twice: op by op exactly as the exercise writes it, and with fused
/// primitives.
/// </summary>
public static partial class Makemore
{
    [Differentiable]
    public static double ExplodedLoss(
        [Shape("N, 3")] Tensor<int> x, [Shape("N")] Tensor<int> y,
        [Shape("V, E")] Tensor<double> c,
        [Shape("3*E, H")] Tensor<double> w1, [Shape("H")] Tensor<double> b1,
        [Shape("H, V")] Tensor<double> w2, [Shape("V")] Tensor<double> b2,
        [Shape("1, H")] Tensor<double> bngain, [Shape("1, H")] Tensor<double> bnbias)
    {
        var n = x.Lengths[0];
        var emb = c.Embedding(x);                                        // embed the characters into vectors
        var embcat = emb.Reshape(n, -1);                                 // concatenate the vectors
        var hprebn = embcat.MatMul(w1) + b1;                             // hidden layer pre-activation
        var bnmeani = 1.0 / n * hprebn.Sum(axis: 0, keepDims: true);
        var bndiff = hprebn - bnmeani;
        var bndiff2 = bndiff.Pow(2);
        var bnvar = 1.0 / (n - 1) * bndiff2.Sum(axis: 0, keepDims: true); // Bessel's correction: n - 1
        var bnvarInv = (bnvar + 1e-5).Pow(-0.5);
        var bnraw = bndiff * bnvarInv;
        var hpreact = bngain * bnraw + bnbias;
        var h = hpreact.Tanh();                                          // hidden layer
        var logits = h.MatMul(w2) + b2;                                  // output layer
        var logitMaxes = logits.Max(axis: 1, keepDims: true);
        var normLogits = logits - logitMaxes;                            // subtract the max for numerical stability
        var counts = normLogits.Exp();
        var countsSum = counts.Sum(axis: 1, keepDims: true);
        var countsSumInv = countsSum.Pow(-1);
        var probs = counts * countsSumInv;
        var logprobs = probs.Log();
        return -logprobs.Pick(y).Mean();
    }

    [Differentiable]
    public static double FusedLoss(
        [Shape("N, 3")] Tensor<int> x, [Shape("N")] Tensor<int> y,
        [Shape("V, E")] Tensor<double> c,
        [Shape("3*E, H")] Tensor<double> w1, [Shape("H")] Tensor<double> b1,
        [Shape("H, V")] Tensor<double> w2, [Shape("V")] Tensor<double> b2,
        [Shape("1, H")] Tensor<double> bngain, [Shape("1, H")] Tensor<double> bnbias)
    {
        var emb = c.Embedding(x).Flatten(1);
        var hpreact = (emb.MatMul(w1) + b1).BatchNorm(bngain, bnbias, 1e-5, correction: 1);
        var logits = hpreact.Tanh().MatMul(w2) + b2;
        return logits.CrossEntropy(y);
    }
}
