using System.Numerics.Tensors;
using AutoDiffGen.Training;

namespace AutoDiffGen.Samples.Makemore;

/// <summary>The network's parameters, initialised as in the lecture (Kaiming-scaled W1 with tanh's gain 5/3, small W2 and b2).</summary>
public sealed class Parameters
{
    public Parameters(Random random, int embedding, int hidden, int blockSize)
    {
        Embedding = Normal(random, 1, Dataset.Vocabulary, embedding);
        W1 = Tensor.Create(new float[embedding * blockSize * hidden], [embedding * blockSize, hidden]);
        Initializers.KaimingNormal(W1, fanIn: embedding * blockSize, random, gain: 5.0 / 3);
        B1 = Normal(random, 0.1, hidden);
        W2 = Normal(random, 0.1, hidden, Dataset.Vocabulary);
        B2 = Normal(random, 0.1, Dataset.Vocabulary);
        Gain = Tensor.Create(Enumerable.Range(0, hidden).Select(_ => 1f + 0.1f * (float)(random.NextDouble() - 0.5)).ToArray(), [1, hidden]);
        Bias = Normal(random, 0.1, 1, hidden);
        All = [Embedding, W1, B1, W2, B2, Gain, Bias];
        Trained = Model.LossGradients.Parameters(embedding: Embedding, w1: W1, b1: B1, w2: W2, b2: B2, gain: Gain, bias: Bias);
    }

    private static Tensor<float> Normal(Random random, double standardDeviation, params nint[] shape)
    {
        var tensor = Tensor.Create(new float[shape.Aggregate((nint)1, (a, b) => a * b)], shape);
        Initializers.Normal(tensor, standardDeviation, random);
        return tensor;
    }

    public Tensor<float> Embedding { get; }
    public Tensor<float> W1 { get; }
    public Tensor<float> B1 { get; }
    public Tensor<float> W2 { get; }
    public Tensor<float> B2 { get; }
    public Tensor<float> Gain { get; }
    public Tensor<float> Bias { get; }

    /// <summary>Every parameter; one array for the whole run.</summary>
    public Tensor<float>[] All { get; }

    /// <summary>The parameters bound by name to their gradients, for an optimizer.</summary>
    public ParameterSet<float> Trained { get; }

    public long Count => All.Sum(p => p.FlattenedLength);

    public float Loss(Tensor<int> contexts, Tensor<int> targets)
        => Model.Loss(contexts, targets, Embedding, W1, B1, W2, B2, Gain, Bias);

    public float Backward(Tensor<int> contexts, Tensor<int> targets, Model.LossGradients gradients)
        => Model.LossBackward(contexts, targets, Embedding, W1, B1, W2, B2, Gain, Bias, gradients);
}
