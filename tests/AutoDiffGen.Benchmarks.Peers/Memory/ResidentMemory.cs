using System.Runtime.InteropServices;

namespace AutoDiffGen.Benchmarks.Peers.Memory;

/// <summary>
/// How much the process's resident memory peaks above where it started while an action runs, from /proc/self/status.
/// Before the action, glibc gives its free heap pages back to the system (malloc_trim) and the peak (VmHWM) is reset
/// (writing 5 to /proc/self/clear_refs), so memory that an earlier call freed but kept counts again when reused. It is
/// what libtorch allocates on the CPU for the duration of a step: its default CPU allocator takes every tensor from
/// malloc and frees it at once, with no cache of its own.
/// </summary>
public static class ResidentMemory
{
    /// <summary>The peak growth in bytes, or null where /proc cannot tell (another system, or no permission).</summary>
    public static long? PeakGrowth(Action action)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            GC.Collect();
            MallocTrim(0);
            File.WriteAllText("/proc/self/clear_refs", "5");
            long start = Status("VmRSS:");
            action();
            return Status("VmHWM:") - start;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A line of /proc/self/status in bytes ("VmRSS:   1234 kB").</summary>
    private static long Status(string key)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line[key.Length..].Trim().Split(' ')[0]) * 1024;
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
