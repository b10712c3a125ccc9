using System.Numerics.Tensors;
using AutoDiffGen.Training;

namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary>
/// The inputs and parameters of one GPT configuration, the same for every run (fixed seed): a batch of tokens, their
/// next tokens as targets, and every parameter in the order of the loss's signature. Each kind of block parameter is
/// one tensor [L, …], layer l at index l of its first axis, as the loss's loop reads it.
/// </summary>
public sealed class GptProblem
{
    private static readonly string[] BlockParameterNames =
        ["ln1Gain", "ln1Bias", "qkvWeight", "qkvBias", "projWeight", "projBias", "ln2Gain", "ln2Bias", "fcWeight", "fcBias", "outWeight", "outBias"];

    private readonly List<Tensor<float>> _parameters = [];
    private readonly List<string> _names = [];
    private readonly Random _random;

    public GptProblem(GptSize size, int seed = 1234)
    {
        Size = size;
        _random = new Random(seed);
        int b = size.Batch, t = size.Context, c = size.Width;
        Tokens = Tensor.Create(Enumerable.Range(0, b * t).Select(_ => _random.Next(size.Vocabulary)).ToArray(), [b, t]);
        Targets = Tensor.Create(Enumerable.Range(0, b * t).Select(_ => _random.Next(size.Vocabulary)).ToArray(), [b * t]);
        Add("tokenEmbedding", Normal(0.02, size.Vocabulary, c));
        Add("positionEmbedding", Normal(0.01, t, c));
        AddBlocks();
        Add("lnFinalGain", Gain(c));
        Add("lnFinalBias", Normal(0.02, c));
    }

    public GptSize Size { get; }

    /// <summary>The token batch [B, T].</summary>
    public Tensor<int> Tokens { get; }

    /// <summary>The target of every position [B·T].</summary>
    public Tensor<int> Targets { get; }

    /// <summary>Every differentiated tensor, in the order of the generated method's signature.</summary>
    public IReadOnlyList<Tensor<float>> Parameters => _parameters;

    /// <summary>The names of <see cref="Parameters"/>, as the generated gradients class names them.</summary>
    public IReadOnlyList<string> ParameterNames => _names;

    /// <summary>
    /// The blocks' parameters as GPT-2 initialises its weights (N(0, 0.02), the two projections into the residual
    /// stream N(0, 0.02/√(2L))), drawn layer by layer and stacked into the twelve [L, …] tensors. Gains and biases are
    /// not 1 and 0 but drawn around them, so that every term of their gradients is exercised by the comparison.
    /// </summary>
    private void AddBlocks()
    {
        var layers = Enumerable.Range(0, Size.Layers).Select(_ => Layer()).ToArray();
        for (int i = 0; i < BlockParameterNames.Length; i++)
            Add(BlockParameterNames[i], Stack(layers.Select(layer => layer[i]).ToArray()));
    }

    /// <summary>One block's twelve parameters, in the order of <see cref="BlockParameterNames"/>.</summary>
    private Tensor<float>[] Layer()
    {
        int c = Size.Width;
        double residual = 0.02 / Math.Sqrt(2 * Size.Layers);
        return
        [
            Gain(c), Normal(0.02, c), Normal(0.02, c, 3 * c), Normal(0.02, 3 * c), Normal(residual, c, c), Normal(0.02, c),
            Gain(c), Normal(0.02, c), Normal(0.02, c, 4 * c), Normal(0.02, 4 * c), Normal(residual, 4 * c, c), Normal(0.02, c),
        ];
    }

    /// <summary>Tensors of one shape as one [count, …], the first at index 0.</summary>
    private static Tensor<float> Stack(Tensor<float>[] layers)
        => Tensor.Create(layers.SelectMany(layer => Elements.Of(layer)).ToArray(), [layers.Length, .. layers[0].Lengths]);

    private void Add(string name, Tensor<float> value)
    {
        _names.Add(name);
        _parameters.Add(value);
    }

    private Tensor<float> Gain(int width)
    {
        var gain = Normal(0.1, width);
        return Tensor.Create(Elements.Of(gain).Select(g => 1 + g).ToArray(), [width]);
    }

    private Tensor<float> Normal(double standardDeviation, params int[] shape)
    {
        var tensor = Tensor.Create(new float[shape.Aggregate(1, (a, b) => a * b)], shape.Select(d => (nint)d).ToArray());
        Initializers.Normal(tensor, standardDeviation, _random);
        return tensor;
    }
}
