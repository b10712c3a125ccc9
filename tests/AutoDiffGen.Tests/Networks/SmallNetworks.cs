using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Networks;

public static partial class SmallNetworks
{
    /// <summary>Three layers: sigmoid, ReLU, linear; mean squared error.</summary>
    [Differentiable]
    public static double ThreeLayers([NoDiff, Shape("N, D")] Tensor<double> x,
        [Shape("D, H1")] Tensor<double> w1, [Shape("H1")] Tensor<double> b1,
        [Shape("H1, H2")] Tensor<double> w2, [Shape("H2")] Tensor<double> b2,
        [Shape("H2, C")] Tensor<double> w3, [Shape("C")] Tensor<double> b3,
        [NoDiff, Shape("N, C")] Tensor<double> y)
    {
        var a1 = (x.MatMul(w1) + b1).Sigmoid();
        var a2 = (a1.MatMul(w2) + b2).Relu();
        var output = a2.MatMul(w3) + b3;
        return output.Mse(y);
    }

    /// <summary>One ReLU neuron fit to N targets by mean squared error.</summary>
    [Differentiable]
    public static double ReluNeuron([NoDiff, Shape("N, D")] Tensor<double> x, [Shape("D")] Tensor<double> w, double b, [NoDiff, Shape("N")] Tensor<double> y)
        => (x.MatMul(w) + b).Relu().Mse(y);

    /// <summary>A linear layer, layer norm, tanh.</summary>
    [Differentiable]
    public static double LayerNormed([NoDiff, Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w, [Shape("H")] Tensor<double> gain,
        [Shape("H")] Tensor<double> bias, [NoDiff, Shape("N, H")] Tensor<double> weights)
        => ((x.MatMul(w)).LayerNorm(gain, bias, 1e-5).Tanh() * weights).Sum();

    /// <summary>Layer norm written out over the last axis (biased variance), to compare with the fused rule.</summary>
    [Differentiable]
    public static double LayerNormWrittenOut([Shape("N, D")] Tensor<double> x, [Shape("D")] Tensor<double> gain, [Shape("D")] Tensor<double> bias,
        [NoDiff, Shape("N, D")] Tensor<double> weights)
    {
        var mean = x.Mean(axis: 1, keepDims: true);
        var centered = x - mean;
        var variance = centered.Square().Mean(axis: 1, keepDims: true);
        var normalized = centered * (variance + 1e-5).Pow(-0.5);
        return ((normalized * gain + bias) * weights).Sum();
    }

    [Differentiable]
    public static double LayerNormFused([Shape("N, D")] Tensor<double> x, [Shape("D")] Tensor<double> gain, [Shape("D")] Tensor<double> bias,
        [NoDiff, Shape("N, D")] Tensor<double> weights)
        => (x.LayerNorm(gain, bias, 1e-5) * weights).Sum();

    /// <summary>Cross-entropy written out with max subtraction, the way the exercise does.</summary>
    [Differentiable]
    public static double ExplodedCrossEntropy([Shape("N, C")] Tensor<double> logits, [Shape("N")] Tensor<int> y)
    {
        var normalized = logits - logits.Max(axis: 1, keepDims: true);
        var logProbabilities = normalized - normalized.Exp().Sum(axis: 1, keepDims: true).Log();
        return -logProbabilities.Pick(y).Mean();
    }

    [Differentiable]
    public static double FusedCrossEntropy([Shape("N, C")] Tensor<double> logits, [Shape("N")] Tensor<int> y) => logits.CrossEntropy(y);

    [Differentiable]
    public static double LogSoftmaxLoss([Shape("N, C")] Tensor<double> logits, [Shape("N")] Tensor<int> y) => -logits.LogSoftmax(axis: 1).Pick(y).Mean();
}
