using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Makemore;

/// <summary>
/// Every (context, next character) pair of a word list, as in makemore: characters a–z are 1–26, and 0 ('.') pads
/// the start of a word and ends it. "emma" gives ... → e, ..e → m, .em → m, emm → a, mma → '.'.
/// </summary>
public sealed class Dataset
{
    public const int Vocabulary = 27;

    private readonly int[] _contexts;
    private readonly int[] _targets;

    private Dataset(int[] contexts, int[] targets, int blockSize)
    {
        _contexts = contexts;
        _targets = targets;
        BlockSize = blockSize;
    }

    public int BlockSize { get; }

    public int Count => _targets.Length;

    public static char Character(int index) => index == 0 ? '.' : (char)('a' + index - 1);

    /// <summary>Splits the words (shuffled with <paramref name="random"/>) into training, validation and test sets, 80/10/10.</summary>
    public static (Dataset Train, Dataset Validation, Dataset Test) Build(IReadOnlyList<string> words, int blockSize, Random random)
    {
        var shuffled = words.OrderBy(_ => random.Next()).ToArray();
        int first = (int)(shuffled.Length * 0.8), second = (int)(shuffled.Length * 0.9);
        return (From(shuffled[..first], blockSize), From(shuffled[first..second], blockSize), From(shuffled[second..], blockSize));
    }

    public static IReadOnlyList<string> Load(string path)
    {
        var words = File.ReadAllLines(path).Select(w => w.Trim().ToLowerInvariant()).Where(w => w.Length > 0).ToList();
        var bad = words.FirstOrDefault(w => w.Any(c => c < 'a' || c > 'z'));
        if (bad is not null) throw new InvalidDataException($"'{bad}' in {path} has a character outside a–z.");
        return words;
    }

    private static Dataset From(IEnumerable<string> words, int blockSize)
    {
        var contexts = new List<int>();
        var targets = new List<int>();
        foreach (string word in words)
        {
            var context = new int[blockSize];
            foreach (char c in word + ".")
            {
                int next = c == '.' ? 0 : c - 'a' + 1;
                contexts.AddRange(context);
                targets.Add(next);
                Array.Copy(context, 1, context, 0, blockSize - 1);
                context[blockSize - 1] = next;
            }
        }
        return new Dataset(contexts.ToArray(), targets.ToArray(), blockSize);
    }

    /// <summary>Fills <paramref name="contexts"/> and <paramref name="targets"/> with a random minibatch, in place.</summary>
    public void Sample(Random random, Tensor<int> contexts, Tensor<int> targets)
    {
        int batch = (int)targets.Lengths[0];
        for (int b = 0; b < batch; b++)
        {
            int row = random.Next(Count);
            for (int k = 0; k < BlockSize; k++) contexts[b, k] = _contexts[row * BlockSize + k];
            targets[b] = _targets[row];
        }
    }

    /// <summary>The whole set as tensors, for evaluation.</summary>
    public (Tensor<int> Contexts, Tensor<int> Targets) All()
        => (Tensor.Create(_contexts, [Count, BlockSize]), Tensor.Create(_targets, [Count]));
}
