using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Makemore;

/// <summary>The network's parameters, initialised as in the lecture (Kaiming-scaled W1, small W2 and b2).</summary>
public sealed class Parameters
{
    public Parameters(Random random, int embedding, int hidden, int blockSize)
    {
        Embedding = Init.Normal(random, 1f, Dataset.Vocabulary, embedding);
        W1 = Init.Normal(random, 5f / 3 / MathF.Sqrt(embedding * blockSize), embedding * blockSize, hidden);
        B1 = Init.Normal(random, 0.1f, hidden);
        W2 = Init.Normal(random, 0.1f, hidden, Dataset.Vocabulary);
        B2 = Init.Normal(random, 0.1f, Dataset.Vocabulary);
        Gain = Tensor.Create(Enumerable.Range(0, hidden).Select(_ => 1f + 0.1f * (float)(random.NextDouble() - 0.5)).ToArray(), [1, hidden]);
        Bias = Init.Normal(random, 0.1f, 1, hidden);
        All = [Embedding, W1, B1, W2, B2, Gain, Bias];
    }

    public Tensor<float> Embedding { get; }
    public Tensor<float> W1 { get; }
    public Tensor<float> B1 { get; }
    public Tensor<float> W2 { get; }
    public Tensor<float> B2 { get; }
    public Tensor<float> Gain { get; }
    public Tensor<float> Bias { get; }

    /// <summary>Every parameter, in the order of <see cref="Of"/>; one array for the whole run.</summary>
    public Tensor<float>[] All { get; }

    public long Count => All.Sum(p => p.FlattenedLength);

    public float Loss(Tensor<int> contexts, Tensor<int> targets)
        => Model.Loss(contexts, targets, Embedding, W1, B1, W2, B2, Gain, Bias);

    public float Backward(Tensor<int> contexts, Tensor<int> targets, Model.LossGradients gradients)
        => Model.LossBackward(contexts, targets, Embedding, W1, B1, W2, B2, Gain, Bias, gradients);

    public static Tensor<float>[] Of(Model.LossGradients g) => [g.Embedding, g.W1, g.B1, g.W2, g.B2, g.Gain, g.Bias];
}
