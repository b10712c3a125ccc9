using System.Runtime.InteropServices;
using TorchSharp;

namespace AutoDiffGen.Benchmarks.Peers;

/// <summary>What the numbers were measured on.</summary>
public static class Machine
{
    /// <summary>The model name from /proc/cpuinfo, with its family and model numbers (the name alone can be as short as "AMD EPYC").</summary>
    public static string Cpu
        => File.Exists("/proc/cpuinfo")
            ? $"{CpuInfo("model name")} (family {CpuInfo("cpu family")}, model {CpuInfo("model")})"
            : RuntimeInformation.ProcessArchitecture.ToString();

    private static string CpuInfo(string key)
        => File.ReadLines("/proc/cpuinfo").Select(l => l.Split(':', 2)).FirstOrDefault(f => f.Length == 2 && f[0].Trim() == key)?[1].Trim() ?? "?";

    public static int Cores => Environment.ProcessorCount;

    public static string Dotnet => RuntimeInformation.FrameworkDescription;

    public static string TorchSharp
        => $"TorchSharp {typeof(torch).Assembly.GetName().Version!.ToString(3)}, libtorch {torch.__version__}";

    /// <summary>The 1-minute load average (other processes competing for the two cores show up here).</summary>
    public static string Load => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    public static string Simd
        => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512"
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "AVX2" : "128-bit";
}
