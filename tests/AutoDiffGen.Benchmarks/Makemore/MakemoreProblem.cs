using System.Numerics.Tensors;

namespace AutoDiffGen.Benchmarks.Makemore;

/// <summary>A batch and parameters of the makemore network, the same for every run of a size (fixed seed).</summary>
public sealed class MakemoreProblem
{
    public MakemoreProblem(MakemoreSize size, int seed = 1234)
    {
        Size = size;
        var random = new Random(seed);
        Contexts = Tensor.Create(Enumerable.Range(0, size.Batch * size.Context).Select(_ => random.Next(size.Vocabulary)).ToArray(), [size.Batch, size.Context]);
        Targets = Tensor.Create(Enumerable.Range(0, size.Batch).Select(_ => random.Next(size.Vocabulary)).ToArray(), [size.Batch]);
        int fanIn = size.Context * size.Embedding;
        Embedding = Normal(random, 1f, size.Vocabulary, size.Embedding);
        W1 = Normal(random, 5f / 3 / MathF.Sqrt(fanIn), fanIn, size.Hidden);
        B1 = Normal(random, 0.1f, size.Hidden);
        W2 = Normal(random, 0.1f, size.Hidden, size.Vocabulary);
        B2 = Normal(random, 0.1f, size.Vocabulary);
        Gain = Tensor.Create(Enumerable.Range(0, size.Hidden).Select(_ => 1f + 0.1f * (float)(random.NextDouble() - 0.5)).ToArray(), [1, size.Hidden]);
        Bias = Normal(random, 0.1f, 1, size.Hidden);
    }

    public MakemoreSize Size { get; }
    public Tensor<int> Contexts { get; }
    public Tensor<int> Targets { get; }
    public Tensor<float> Embedding { get; }
    public Tensor<float> W1 { get; }
    public Tensor<float> B1 { get; }
    public Tensor<float> W2 { get; }
    public Tensor<float> B2 { get; }
    public Tensor<float> Gain { get; }
    public Tensor<float> Bias { get; }

    /// <summary>Every parameter, in the order of the network's signature.</summary>
    public Tensor<float>[] Parameters => [Embedding, W1, B1, W2, B2, Gain, Bias];

    /// <summary>One generated forward-and-backward step.</summary>
    public float GeneratedStep(MakemoreNetwork.LossGradients gradients)
        => MakemoreNetwork.LossBackward(Contexts, Targets, Embedding, W1, B1, W2, B2, Gain, Bias, gradients);

    private static Tensor<float> Normal(Random random, float scale, params int[] shape)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
            values[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return Tensor.Create(values, shape.Select(d => (nint)d).ToArray());
    }
}
