using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Time spent in each kernel the generated code calls, for a per-kernel breakdown of a training step. Off unless the
/// process starts with <c>AUTODIFFGEN_PROFILE=1</c>; off, <see cref="Enabled"/> is a constant to the JIT and a
/// measurement compiles to nothing.
/// </summary>
internal static class KernelProfiler
{
    public static readonly bool Enabled = Environment.GetEnvironmentVariable("AUTODIFFGEN_PROFILE") == "1";

    private static readonly Dictionary<string, (long Calls, long Ticks)> Totals = new();

    // Kernels call kernels (batch norm runs fused loops): only the outermost call on a thread is counted.
    [ThreadStatic] private static int t_depth;

    /// <summary>Starts timing <paramref name="kernel"/>; the time is recorded when the scope is disposed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Scope Measure(string kernel) => Enabled ? Begin(kernel) : default;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Scope Begin(string kernel) => new(t_depth++ == 0 ? kernel : null, Stopwatch.GetTimestamp());

    /// <summary>The totals so far, the most expensive first.</summary>
    public static IReadOnlyList<(string Kernel, long Calls, TimeSpan Time)> Snapshot()
    {
        lock (Totals)
        {
            return Totals.Select(t => (t.Key, t.Value.Calls, Stopwatch.GetElapsedTime(0, t.Value.Ticks)))
                .OrderByDescending(t => t.Item3).ToList();
        }
    }

    public static void Reset()
    {
        lock (Totals) Totals.Clear();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Record(string kernel, long start)
    {
        long ticks = Stopwatch.GetTimestamp() - start;
        lock (Totals)
        {
            Totals.TryGetValue(kernel, out var total);
            Totals[kernel] = (total.Calls + 1, total.Ticks + ticks);
        }
    }

    /// <summary>One kernel call being timed.</summary>
    internal readonly ref struct Scope(string? kernel, long start)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Dispose()
        {
            if (Enabled) End(kernel, start);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void End(string? kernel, long start)
    {
        t_depth--;
        if (kernel is not null) Record(kernel, start);
    }
}
