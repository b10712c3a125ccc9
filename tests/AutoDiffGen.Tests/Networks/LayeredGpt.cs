using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Networks;

/// <summary>
/// <see cref="TinyGpt"/> with its blocks' weights stacked along a first axis of L layers and the blocks run by a loop,
/// which the generator differentiates as a loop: the code is the same for any L.
/// </summary>
public static partial class LayeredGpt
{
    [Differentiable]
    public static double Loss([Shape("B, T")] Tensor<int> tokens, [Shape("B*T")] Tensor<int> targets,
        [Shape("V, 4*D")] Tensor<double> tokenEmbedding, [Shape("T, 4*D")] Tensor<double> positionEmbedding,
        [Shape("L, 4*D")] Tensor<double> ln1Gain, [Shape("L, 4*D")] Tensor<double> ln1Bias,
        [Shape("L, 4*D, 12*D")] Tensor<double> qkvWeight, [Shape("L, 12*D")] Tensor<double> qkvBias,
        [Shape("L, 4*D, 4*D")] Tensor<double> projWeight, [Shape("L, 4*D")] Tensor<double> projBias,
        [Shape("L, 4*D")] Tensor<double> ln2Gain, [Shape("L, 4*D")] Tensor<double> ln2Bias,
        [Shape("L, 4*D, 16*D")] Tensor<double> fcWeight, [Shape("L, 16*D")] Tensor<double> fcBias,
        [Shape("L, 16*D, 4*D")] Tensor<double> outWeight, [Shape("L, 4*D")] Tensor<double> outBias,
        [Shape("4*D")] Tensor<double> lnFinalGain, [Shape("4*D")] Tensor<double> lnFinalBias)
    {
        var b = tokens.Lengths[0];
        var t = tokens.Lengths[1];
        var x = tokenEmbedding.Embedding(tokens) + positionEmbedding;
        for (int l = 0; l < qkvWeight.Lengths[0]; l++)
        {
            x = TinyGpt.Block(x, ln1Gain.Layer(l), ln1Bias.Layer(l), qkvWeight.Layer(l), qkvBias.Layer(l), projWeight.Layer(l), projBias.Layer(l),
                ln2Gain.Layer(l), ln2Bias.Layer(l), fcWeight.Layer(l), fcBias.Layer(l), outWeight.Layer(l), outBias.Layer(l));
        }
        return x.LayerNorm(lnFinalGain, lnFinalBias).MatMul(tokenEmbedding.Transpose()).Reshape(b * t, -1).CrossEntropy(targets);
    }

    /// <summary>A recurrent network over a time-major sequence [T, B, E]: h = tanh(x_t·wx + h·wh + bias), carried through time.</summary>
    [Differentiable]
    public static double Recurrent([Shape("T, B, E")] Tensor<double> inputs, [Shape("B, H")] Tensor<double> start,
        [Shape("E, H")] Tensor<double> wx, [Shape("H, H")] Tensor<double> wh, [Shape("H")] Tensor<double> bias, [Shape("H, C")] Tensor<double> wy,
        [Shape("B")] Tensor<int> targets)
    {
        var h = start;
        for (int t = 0; t < inputs.Lengths[0]; t++)
            h = (inputs.Layer(t).MatMul(wx) + h.MatMul(wh) + bias).Tanh();
        return h.MatMul(wy).CrossEntropy(targets);
    }

    /// <summary>
    /// An LSTM over a time-major sequence: h and c carried as one tensor [B, 2·H], split at the start of each step and
    /// joined at its end; the gates i, f, g, o out of one product.
    /// </summary>
    [Differentiable]
    public static double Lstm([Shape("T, B, E")] Tensor<double> inputs, [Shape("B, 2*H")] Tensor<double> start,
        [Shape("E, 4*H")] Tensor<double> wx, [Shape("H, 4*H")] Tensor<double> wh, [Shape("4*H")] Tensor<double> bias, [Shape("H, C")] Tensor<double> wy,
        [Shape("B")] Tensor<int> targets)
    {
        var state = start;
        for (int t = 0; t < inputs.Lengths[0]; t++)
        {
            var (h, c) = state.Chunk(2, 1);
            var gates = inputs.Layer(t).MatMul(wx) + h.MatMul(wh) + bias;
            var (i, f, g, o) = gates.Chunk(4, 1);
            c = f.Sigmoid() * c + i.Sigmoid() * g.Tanh();
            h = o.Sigmoid() * c.Tanh();
            state = TensorMath.Concat(1, h, c);
        }
        var (last, cell) = state.Chunk(2, 1);
        return last.MatMul(wy).CrossEntropy(targets);
    }

    /// <summary>
    /// Two loops one after the other, the first reading a stack of token indices [T, B] one step at a time through an
    /// embedding, the second refining its result through shared weights a literal number of times.
    /// </summary>
    [Differentiable]
    public static double TwoLoops([Shape("T, B")] Tensor<int> tokens, [Shape("V, H")] Tensor<double> embedding, [Shape("H, H")] Tensor<double> w,
        [Shape("B, H")] Tensor<double> start)
    {
        var h = start;
        for (int t = 0; t < tokens.Lengths[0]; t++)
            h = (h.MatMul(w) + embedding.Embedding(tokens.Layer(t))).Tanh();
        for (int k = 0; k < 2; k++)
            h = h + (h * k).Sin().MatMul(w);
        return h.Square().Mean();
    }

    /// <summary>Scalars read by every iteration, a parameter and one computed before the loop: each gets the sum of the iterations' gradients.</summary>
    [Differentiable]
    public static double SharedScalars([Shape("N")] Tensor<double> x, [Shape("N")] Tensor<double> y, double h)
    {
        var s = y.Tanh().Sum();
        for (int l = 0; l < 3; l++)
            x = (x * h + s).Sin();
        return x.Sum();
    }

    /// <summary>
    /// What a body may do with what it reads: a part of a Chunk made before the loop, a layer changed in place (a copy),
    /// and an int computed from the data.
    /// </summary>
    [Differentiable]
    public static double BodyForms([Shape("N, 2*C")] Tensor<double> x, [Shape("N, C")] Tensor<double> h, [Shape("L, C, C")] Tensor<double> w)
    {
        var parts = x.Chunk(2, 1);
        for (int l = 0; l < w.Lengths[0]; l++)
        {
            var layer = w.Layer(l);
            layer += 0.5;
            int bucket = (int)(h.Mean() * 4.0);
            h = ((h + parts[0]) * (1 + bucket * 0.25)).MatMul(layer).Tanh() + parts[1];
        }
        return h.Square().Sum();
    }
}
