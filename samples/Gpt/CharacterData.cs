using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Gpt;

/// <summary>A text as character ids: the vocabulary is its distinct characters, the last tenth is held out for validation.</summary>
public sealed class CharacterData
{
    private readonly char[] _characters;
    private readonly Dictionary<char, int> _ids;
    private readonly int[] _train;
    private readonly int[] _validation;

    public CharacterData(string text)
    {
        _characters = text.Distinct().Order().ToArray();
        _ids = _characters.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var ids = Encode(text);
        int split = ids.Length * 9 / 10;
        _train = ids[..split];
        _validation = ids[split..];
    }

    public int Vocabulary => _characters.Length;

    public int TrainLength => _train.Length;

    public int ValidationLength => _validation.Length;

    public int[] Encode(string text) => text.Select(c => _ids[c]).ToArray();

    public string Decode(IEnumerable<int> ids) => new(ids.Select(i => _characters[i]).ToArray());

    /// <summary>Fills <paramref name="tokens"/> [B, T] with random windows of the training text and <paramref name="targets"/> [B·T] with the character after each.</summary>
    public void SampleTraining(Random random, Tensor<int> tokens, Tensor<int> targets)
    {
        int batch = (int)tokens.Lengths[0], context = (int)tokens.Lengths[1];
        for (int b = 0; b < batch; b++) Window(_train, random.Next(_train.Length - context), b, tokens, targets);
    }

    /// <summary>Consecutive windows of the validation text, <paramref name="batchIndex"/> counting batches from its start.</summary>
    public void ValidationBatch(int batchIndex, Tensor<int> tokens, Tensor<int> targets)
    {
        int batch = (int)tokens.Lengths[0], context = (int)tokens.Lengths[1];
        for (int b = 0; b < batch; b++) Window(_validation, ((batchIndex * batch + b) * context) % (_validation.Length - context), b, tokens, targets);
    }

    /// <summary>How many whole batches of distinct windows the validation text holds.</summary>
    public int ValidationBatches(int batch, int context) => Math.Max(1, (_validation.Length - 1) / (batch * context));

    private static void Window(int[] ids, int start, int row, Tensor<int> tokens, Tensor<int> targets)
    {
        int context = (int)tokens.Lengths[1];
        for (int t = 0; t < context; t++)
        {
            tokens[row, t] = ids[start + t];
            targets[row * context + t] = ids[start + t + 1];
        }
    }
}
