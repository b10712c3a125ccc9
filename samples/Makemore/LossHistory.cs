namespace AutoDiffGen.Samples.Makemore;

/// <summary>
/// Every step's batch loss and the running loss (an exponential moving average), in arrays sized once for the whole
/// run, plus the validation loss at a few checkpoints. One thread records; another may read while it does.
/// </summary>
public sealed class LossHistory
{
    private const float Smoothing = 0.99f;

    private readonly float[] _batch;
    private readonly float[] _running;
    private readonly List<(int Step, float Loss)> _validation = [];
    private int _count;

    public LossHistory(int steps)
    {
        _batch = new float[steps];
        _running = new float[steps];
    }

    /// <summary>The number of steps the run was sized for.</summary>
    public int Steps => _batch.Length;

    /// <summary>The number of steps recorded so far; step <c>n</c> is at index <c>n - 1</c>.</summary>
    public int Count => Volatile.Read(ref _count);

    public ReadOnlySpan<float> Batch => _batch.AsSpan(0, Count);

    public ReadOnlySpan<float> Running => _running.AsSpan(0, Count);

    /// <summary>Records the next step's batch loss; the only per-step work, so it stays two stores and a multiply-add.</summary>
    public void Add(float loss)
    {
        int i = _count;
        _batch[i] = loss;
        _running[i] = i == 0 ? loss : Smoothing * _running[i - 1] + (1 - Smoothing) * loss;
        // Publishes the values above to a reader that sees the new count.
        Volatile.Write(ref _count, i + 1);
    }

    public void AddValidation(int step, float loss)
    {
        lock (_validation) _validation.Add((step, loss));
    }

    /// <summary>The validation checkpoints so far, as a copy.</summary>
    public (int Step, float Loss)[] Validation
    {
        get { lock (_validation) return [.. _validation]; }
    }

    public (int Step, float Loss)? LastValidation
    {
        get { lock (_validation) return _validation.Count == 0 ? null : _validation[^1]; }
    }
}
