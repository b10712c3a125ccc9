namespace AutoDiffGen.Benchmarks.Peers.Timing;

/// <summary>Seconds per call, one value per sample, summarised by order statistics.</summary>
/// <param name="coresBusy">The process's CPU time over the wall time of the samples: about 1 for one thread, up to the core count.</param>
public sealed class Timings(IEnumerable<double> secondsPerCall, double coresBusy)
{
    public double CoresBusy { get; } = coresBusy;

    private readonly double[] _sorted = secondsPerCall.Order().ToArray();

    public double Median => Quantile(0.5);

    /// <summary>The interquartile range relative to the median: how noisy the samples were.</summary>
    public double Spread => (Quantile(0.75) - Quantile(0.25)) / Median;

    public double Min => _sorted[0];

    public double Max => _sorted[^1];

    public int Samples => _sorted.Length;

    private double Quantile(double q)
    {
        double position = q * (_sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, _sorted.Length - 1);
        return _sorted[below] + (position - below) * (_sorted[above] - _sorted[below]);
    }
}
