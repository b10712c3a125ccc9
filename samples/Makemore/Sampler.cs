using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Makemore;

/// <summary>
/// Generates names one character at a time. Batch norm at inference uses statistics of the whole training set,
/// computed once after training ("calibrating" it, as the lecture does), so a single context can be evaluated.
/// </summary>
public sealed class Sampler
{
    private readonly Parameters _parameters;
    private readonly Tensor<float> _mean;
    private readonly Tensor<float> _inverseStd;
    private readonly int _blockSize;

    public Sampler(Parameters parameters, Dataset training)
    {
        _parameters = parameters;
        _blockSize = training.BlockSize;
        var (contexts, _) = training.All();
        var pre = PreActivation(contexts);
        _mean = pre.Mean(axis: 0, keepDims: true);
        _inverseStd = (pre.Var(axis: 0, keepDims: true) + 1e-5f).Pow(-0.5f);
    }

    private Tensor<float> PreActivation(Tensor<int> contexts)
        => _parameters.Embedding.Embedding(contexts).Flatten(1).MatMul(_parameters.W1) + _parameters.B1;

    /// <summary>The next-character probabilities for one context.</summary>
    private Tensor<float> Probabilities(int[] context)
    {
        var pre = PreActivation(Tensor.Create(context, [1, _blockSize]));
        var hidden = (_parameters.Gain * ((pre - _mean) * _inverseStd) + _parameters.Bias).Tanh();
        return (hidden.MatMul(_parameters.W2) + _parameters.B2).Softmax(axis: 1);
    }

    public string Sample(Random random)
    {
        var context = new int[_blockSize];
        var name = new System.Text.StringBuilder();
        while (name.Length < 30)
        {
            var probabilities = Probabilities(context);
            double draw = random.NextDouble(), cumulative = 0;
            int next = Dataset.Vocabulary - 1;
            for (int c = 0; c < Dataset.Vocabulary; c++)
            {
                cumulative += probabilities[0, c];
                if (draw < cumulative) { next = c; break; }
            }
            if (next == 0) break;
            name.Append(Dataset.Character(next));
            Array.Copy(context, 1, context, 0, _blockSize - 1);
            context[_blockSize - 1] = next;
        }
        return name.ToString();
    }
}
