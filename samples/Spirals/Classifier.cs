using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Spirals;

/// <summary>A two-layer perceptron: tanh hidden layer, softmax output, trained on the cross-entropy.</summary>
public static partial class Classifier
{
    /// <summary>
    /// The mean cross-entropy of the softmax of the logits against one-hot targets, with the log-softmax written
    /// out row by row as logits − log Σ exp(logits). (Logits of this small network stay far from exp's overflow.)
    /// </summary>
    [Differentiable]
    public static float Loss(
        [NoDiff, Shape("N, 2")] Tensor<float> points,
        [Shape("2, H")] Tensor<float> w1,
        [Shape("H")] Tensor<float> b1,
        [Shape("H, C")] Tensor<float> w2,
        [Shape("C")] Tensor<float> b2,
        [NoDiff, Shape("N, C")] Tensor<float> oneHot)
    {
        var hidden = (points.MatMul(w1) + b1).Tanh();
        var logits = hidden.MatMul(w2) + b2;
        var logNormalizer = logits.Exp().Sum(axis: 1, keepDims: true).Log();
        var logProbabilities = logits - logNormalizer;
        return -(oneHot * logProbabilities).Sum() / points.Lengths[0];
    }

    /// <summary>The logits, eagerly: the same forward pass, for predicting.</summary>
    public static Tensor<float> Logits(Tensor<float> points, Tensor<float> w1, Tensor<float> b1, Tensor<float> w2, Tensor<float> b2)
        => (points.MatMul(w1) + b1).Tanh().MatMul(w2) + b2;

    /// <summary>The fraction of points whose largest logit is their label.</summary>
    public static double Accuracy(Tensor<float> logits, int[] labels)
    {
        int correct = 0, classes = (int)logits.Lengths[1];
        for (int n = 0; n < labels.Length; n++)
        {
            int best = 0;
            for (int c = 1; c < classes; c++) if (logits[n, c] > logits[n, best]) best = c;
            if (best == labels[n]) correct++;
        }
        return (double)correct / labels.Length;
    }
}
