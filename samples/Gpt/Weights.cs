using System.Numerics.Tensors;
using AutoDiffGen.Training;

namespace AutoDiffGen.Samples.Gpt;

/// <summary>
/// The blocks' parameters, each kind stacked over the L layers ([L, …], layer l at index l), initialised as GPT-2's:
/// weights N(0, 0.02), the projections into the residual stream N(0, 0.02/√(2L)), biases 0, LayerNorm gains 1.
/// </summary>
public sealed class BlockWeights
{
    public BlockWeights(Random random, int width, int layers)
    {
        double residualScale = 0.02 / Math.Sqrt(2 * layers);
        Ln1Gain = Filled(1, layers, width);
        Ln1Bias = Filled(0, layers, width);
        QkvWeight = Normal(random, 0.02, layers, width, 3 * width);
        QkvBias = Filled(0, layers, 3 * width);
        ProjWeight = Normal(random, residualScale, layers, width, width);
        ProjBias = Filled(0, layers, width);
        Ln2Gain = Filled(1, layers, width);
        Ln2Bias = Filled(0, layers, width);
        FcWeight = Normal(random, 0.02, layers, width, 4 * width);
        FcBias = Filled(0, layers, 4 * width);
        OutWeight = Normal(random, residualScale, layers, 4 * width, width);
        OutBias = Filled(0, layers, width);
    }

    public Tensor<float> Ln1Gain { get; }
    public Tensor<float> Ln1Bias { get; }
    public Tensor<float> QkvWeight { get; }
    public Tensor<float> QkvBias { get; }
    public Tensor<float> ProjWeight { get; }
    public Tensor<float> ProjBias { get; }
    public Tensor<float> Ln2Gain { get; }
    public Tensor<float> Ln2Bias { get; }
    public Tensor<float> FcWeight { get; }
    public Tensor<float> FcBias { get; }
    public Tensor<float> OutWeight { get; }
    public Tensor<float> OutBias { get; }

    public IEnumerable<Tensor<float>> All =>
        [Ln1Gain, Ln1Bias, QkvWeight, QkvBias, ProjWeight, ProjBias, Ln2Gain, Ln2Bias, FcWeight, FcBias, OutWeight, OutBias];

    internal static Tensor<float> Normal(Random random, double standardDeviation, params nint[] shape)
    {
        var tensor = Tensor.Create(new float[shape.Aggregate((nint)1, (a, b) => a * b)], shape);
        Initializers.Normal(tensor, standardDeviation, random);
        return tensor;
    }

    internal static Tensor<float> Filled(float value, params nint[] shape)
        => Tensor.Create(Enumerable.Repeat(value, (int)shape.Aggregate((nint)1, (a, b) => a * b)).ToArray(), shape);
}

/// <summary>The model's parameters: the embeddings, the stacked blocks and the final LayerNorm.</summary>
public sealed class Weights
{
    public Weights(Random random, int vocabulary, int context, int width, int layers)
    {
        TokenEmbedding = BlockWeights.Normal(random, 0.02, vocabulary, width);
        PositionEmbedding = BlockWeights.Normal(random, 0.01, context, width);
        Blocks = new BlockWeights(random, width, layers);
        LnFinalGain = BlockWeights.Filled(1, width);
        LnFinalBias = BlockWeights.Filled(0, width);
        var a = Blocks;
        Trained = Model.LossGradients.Parameters(TokenEmbedding, PositionEmbedding,
            a.Ln1Gain, a.Ln1Bias, a.QkvWeight, a.QkvBias, a.ProjWeight, a.ProjBias, a.Ln2Gain, a.Ln2Bias, a.FcWeight, a.FcBias, a.OutWeight, a.OutBias,
            LnFinalGain, LnFinalBias);
    }

    public Tensor<float> TokenEmbedding { get; }
    public Tensor<float> PositionEmbedding { get; }
    public BlockWeights Blocks { get; }
    public Tensor<float> LnFinalGain { get; }
    public Tensor<float> LnFinalBias { get; }

    /// <summary>The parameters bound by name to their gradients, for an optimizer.</summary>
    public ParameterSet<float> Trained { get; }

    public long Count => new[] { TokenEmbedding, PositionEmbedding, LnFinalGain, LnFinalBias }.Concat(Blocks.All).Sum(p => p.FlattenedLength);

    public float Backward(Tensor<int> tokens, Tensor<int> targets, Model.LossGradients gradients)
    {
        var a = Blocks;
        return Model.LossBackward(tokens, targets, TokenEmbedding, PositionEmbedding,
            a.Ln1Gain, a.Ln1Bias, a.QkvWeight, a.QkvBias, a.ProjWeight, a.ProjBias, a.Ln2Gain, a.Ln2Bias, a.FcWeight, a.FcBias, a.OutWeight, a.OutBias,
            LnFinalGain, LnFinalBias, gradients);
    }

    /// <summary>The model's own loss (the method as written, run op by op), to hold the generated value against.</summary>
    public float Loss(Tensor<int> tokens, Tensor<int> targets)
    {
        var a = Blocks;
        return Model.Loss(tokens, targets, TokenEmbedding, PositionEmbedding,
            a.Ln1Gain, a.Ln1Bias, a.QkvWeight, a.QkvBias, a.ProjWeight, a.ProjBias, a.Ln2Gain, a.Ln2Bias, a.FcWeight, a.FcBias, a.OutWeight, a.OutBias,
            LnFinalGain, LnFinalBias);
    }

    /// <summary>The model's own forward pass (the method as written, run op by op): logits [B, T, V].</summary>
    public Tensor<float> Logits(Tensor<int> tokens)
    {
        var a = Blocks;
        return Model.Logits(tokens, TokenEmbedding, PositionEmbedding,
            a.Ln1Gain, a.Ln1Bias, a.QkvWeight, a.QkvBias, a.ProjWeight, a.ProjBias, a.Ln2Gain, a.Ln2Bias, a.FcWeight, a.FcBias, a.OutWeight, a.OutBias,
            LnFinalGain, LnFinalBias);
    }
}
