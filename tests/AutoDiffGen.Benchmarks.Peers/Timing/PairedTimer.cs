using System.Diagnostics;

namespace AutoDiffGen.Benchmarks.Peers.Timing;

/// <summary>
/// Times two implementations of the same work against each other in one process: both are warmed up, then the
/// samples alternate (A then B, B then A, ...) so that drift and a neighbour's load fall on both alike. A sample
/// runs enough calls to last about <see cref="SampleSeconds"/>, and records the time per call. Between samples the
/// timer sleeps briefly, so that one side's idle worker threads (libtorch's OpenMP workers spin for a while after each
/// parallel region) have stopped before the other side runs.
/// </summary>
public sealed class PairedTimer(int samples, double warmUpSeconds, double sampleSeconds = 0.02)
{
    public int Samples { get; } = samples;

    public double SampleSeconds { get; } = sampleSeconds;

    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(20);

    public (Timings First, Timings Second) Measure(Action first, Action second)
    {
        int firstCalls = CallsPerSample(first), secondCalls = CallsPerSample(second);
        var a = new Side(first, firstCalls);
        var b = new Side(second, secondCalls);
        for (int sample = 0; sample < Samples; sample++)
        {
            var (one, other) = sample % 2 == 0 ? (a, b) : (b, a);
            one.Take();
            Thread.Sleep(Settle);
            other.Take();
            Thread.Sleep(Settle);
        }
        return (a.Timings(), b.Timings());
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

    /// <summary>One side's samples: seconds per call, and the process's CPU time over the same intervals.</summary>
    private sealed class Side(Action action, int calls)
    {
        private readonly List<double> _secondsPerCall = [];
        private double _wall, _cpu;

        public void Take()
        {
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++) action();
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            process.Refresh();
            _cpu += (process.TotalProcessorTime - cpuBefore).TotalSeconds;
            _wall += elapsed;
            _secondsPerCall.Add(elapsed / calls);
        }

        public Timings Timings() => new(_secondsPerCall, _cpu / _wall);
    }
}
