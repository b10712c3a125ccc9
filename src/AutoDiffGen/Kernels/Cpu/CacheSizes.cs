namespace AutoDiffGen.Kernels;

/// <summary>The data caches one core sees, in bytes: its own L1 and L2, and the L3 it shares.</summary>
/// <param name="L1Data">Level-1 data cache of one core.</param>
/// <param name="L2">Level-2 cache of one core.</param>
/// <param name="L3">Level-3 cache, whole (shared with other cores); 0 when there is none.</param>
internal readonly record struct CacheSizes(int L1Data, int L2, long L3)
{
    /// <summary>What to assume when the OS and the processor say nothing: the smallest of current x86 server cores.</summary>
    public static CacheSizes Fallback => new(32 * 1024, 1024 * 1024, 8L * 1024 * 1024);

    public override string ToString() => $"L1d {Kib(L1Data)}, L2 {Kib(L2)}, L3 {Kib(L3)}";

    private static string Kib(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";
}
