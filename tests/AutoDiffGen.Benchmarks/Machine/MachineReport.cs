using System.Runtime.Intrinsics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Benchmarks.Machine;

/// <summary>What the figures were measured on, printed before every run: the processor, its caches, the GEMM's choices and the measured peak.</summary>
public static class MachineReport
{
    public static void Print(bool withPeak)
    {
        Console.WriteLine($"CPU: {CpuInfo.Current}; {Environment.ProcessorCount} cores");
        if (Vector512.IsHardwareAccelerated)
        {
            var choice = GemmTuning.Choice;
            var sizes = choice.Kernel == GemmKernel512.Rows6Wide
                ? GemmTuning.BlockSizes<float, GemmMicroKernel512Wide<float>>()
                : GemmTuning.BlockSizes<float, GemmMicroKernel512<float>>();
            Console.WriteLine($"GEMM: AVX-512 kernel {(choice.Kernel == GemmKernel512.Rows6Wide ? "6 × 64" : "8 × 32")} ({choice.Reason}); float blocks KC {sizes.Kc}, MC {sizes.Mc}, NC {sizes.Nc}");
        }
        else
        {
            Console.WriteLine($"GEMM: {(Vector256.IsHardwareAccelerated ? "AVX2 6 × 16" : "scalar 4 × 4")} kernel");
        }
        if (!withPeak) return;
        var widths = Vector512.IsHardwareAccelerated ? new[] { 512, 256, 128 } : Vector256.IsHardwareAccelerated ? new[] { 256, 128 } : new[] { 128 };
        foreach (int width in widths)
        {
            Console.WriteLine($"FMA peak, {width}-bit, float32: {FmaPeak.Measure(width, 1):F1} GFLOP/s one core, " +
                $"{FmaPeak.Measure(width, Environment.ProcessorCount):F1} GFLOP/s {Environment.ProcessorCount} cores");
        }
    }
}
