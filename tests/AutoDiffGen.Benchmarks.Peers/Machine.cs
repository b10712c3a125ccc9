using System.Runtime.InteropServices;
using TorchSharp;

namespace AutoDiffGen.Benchmarks.Peers;

/// <summary>What the numbers were measured on.</summary>
public static class Machine
{
    public static string Cpu
        => File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "unknown"
            : RuntimeInformation.ProcessArchitecture.ToString();

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
