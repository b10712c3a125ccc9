using System.Diagnostics;

namespace AutoDiffGen.Benchmarks.Peers.Timing;

/// <summary>
/// Times two implementations of the same work against each other in one process: both are warmed up, then the
/// samples alternate (A then B, B then A, ...) so that drift and a neighbour's load fall on both alike. A sample
/// runs enough calls to last about <see cref="SampleSeconds"/>, and records the time per call.
/// </summary>
public sealed class PairedTimer(int samples, double warmUpSeconds, double sampleSeconds = 0.02)
{
    public int Samples { get; } = samples;

    public double SampleSeconds { get; } = sampleSeconds;

    public (Timings First, Timings Second) Measure(Action first, Action second)
    {
        int firstCalls = CallsPerSample(first), secondCalls = CallsPerSample(second);
        var firstTimes = new List<double>(Samples);
        var secondTimes = new List<double>(Samples);
        for (int sample = 0; sample < Samples; sample++)
        {
            if (sample % 2 == 0)
            {
                firstTimes.Add(SecondsPerCall(first, firstCalls));
                secondTimes.Add(SecondsPerCall(second, secondCalls));
            }
            else
            {
                secondTimes.Add(SecondsPerCall(second, secondCalls));
                firstTimes.Add(SecondsPerCall(first, firstCalls));
            }
        }
        return (new Timings(firstTimes), new Timings(secondTimes));
    }

    /// <summary>Warms the action up for <c>warmUpSeconds</c> (at least three calls) and sizes a sample from its speed then.</summary>
    private int CallsPerSample(Action action)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 3 || clock.Elapsed.TotalSeconds < warmUpSeconds)
        {
            action();
            calls++;
        }
        double perCall = clock.Elapsed.TotalSeconds / calls;
        return Math.Max(1, (int)Math.Round(SampleSeconds / perCall));
    }

    private static double SecondsPerCall(Action action, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++) action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds / calls;
    }
}
