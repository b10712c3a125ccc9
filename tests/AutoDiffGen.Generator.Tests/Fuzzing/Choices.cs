namespace AutoDiffGen.Generator.Tests.Fuzzing;

/// <summary>
/// The decisions a random method is built from, read one at a time. When they run out every decision is its first,
/// simplest option, so a shorter or smaller list always describes a simpler method: that is what makes shrinking work.
/// </summary>
internal sealed class Choices
{
    private readonly int[] _values;
    private int _position;

    public Choices(int[] values) => _values = values;

    /// <summary>A number in [0, n); 0 once the decisions have run out.</summary>
    public int Next(int n)
    {
        if (n <= 1) return 0;
        return _position < _values.Length ? (int)((uint)_values[_position++] % (uint)n) : 0;
    }

    /// <summary>True with about <paramref name="percent"/>% probability; false once the decisions have run out.</summary>
    public bool Chance(int percent) => Next(100) >= 100 - percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>A permutation of the items (the identity once the decisions have run out).</summary>
    public List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (int i = 0; i < list.Count - 1; i++)
        {
            int j = i + Next(list.Count - i);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
