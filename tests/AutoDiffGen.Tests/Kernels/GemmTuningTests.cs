using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>How the GEMM fits itself to a machine: cache sizes read from the OS, block sizes from them, the kernel from a table or a calibration.</summary>
public class GemmTuningTests
{
    // Zen 4 (this project's measured machine: 32 KiB L1d, 1 MiB L2, 32 MiB L3) and an Intel Xeon with AVX-512
    // (48 KiB L1d, 2 MiB L2, as Ice Lake and Sapphire Rapids servers have).
    private static readonly CpuInfo Zen4 = new(CpuInfo.Amd, 25, 17, "AMD EPYC", new CacheSizes(32 * 1024, 1024 * 1024, 32L << 20));
    private static readonly CpuInfo Zen5 = new(CpuInfo.Amd, 26, 2, "AMD EPYC", new CacheSizes(48 * 1024, 1024 * 1024, 32L << 20));
    private static readonly CpuInfo Xeon = new(CpuInfo.Intel, 6, 143, "Intel Xeon", new CacheSizes(48 * 1024, 2 * 1024 * 1024, 105L << 20));

    [Fact]
    public void BlockSizesFollowTheCaches()
    {
        var amd = GemmTuning.BlockSizes(Zen4.Caches, mr: 8, nr: 32, elementSize: 4);
        var intel = GemmTuning.BlockSizes(Xeon.Caches, mr: 8, nr: 32, elementSize: 4);
        Assert.Equal(new GemmBlockSizes(Kc: 512, Mc: 128, Nc: 4096), amd);
        Assert.Equal(new GemmBlockSizes(Kc: 512, Mc: 256, Nc: 4096), intel);
        Assert.NotEqual(amd, intel);
    }

    [Theory]
    [InlineData(8, 32, 4)]
    [InlineData(8, 16, 8)]
    [InlineData(6, 64, 4)]
    [InlineData(6, 16, 4)]
    [InlineData(4, 4, 8)]
    public void BlocksFitTheirCachesOnEveryMachine(int mr, int nr, int size)
    {
        foreach (var caches in new[] { Zen4.Caches, Zen5.Caches, Xeon.Caches, CacheSizes.Fallback, new CacheSizes(16 * 1024, 256 * 1024, 0) })
        {
            var sizes = GemmTuning.BlockSizes(caches, mr, nr, size);
            Assert.InRange(sizes.Kc, 128, 512);
            Assert.Equal(0, sizes.Kc % 32);
            Assert.Equal(0, sizes.Mc % mr);
            Assert.Equal(0, sizes.Nc % nr);
            Assert.True(sizes.Mc >= mr && sizes.Nc >= nr);
            // The A block is at most half of L2, unless a single row of slivers is already more.
            Assert.True((long)sizes.Mc * sizes.Kc * size <= caches.L2 / 2 || sizes.Mc == mr, $"{caches}: A block {sizes}");
        }
    }

    [Fact]
    public void MeasuredProcessorsComeFromTheTableAndOthersAreCalibrated()
    {
        int calibrations = 0;
        GemmKernel512 Calibrate()
        {
            calibrations++;
            return GemmKernel512.Rows6Wide;
        }

        Assert.Equal(GemmKernel512.Rows8, GemmTuning.Choose(Zen4, Calibrate).Kernel);
        Assert.Equal(GemmKernel512.Rows8, GemmTuning.Choose(Zen5, Calibrate).Kernel);
        Assert.Equal(0, calibrations);

        var intel = GemmTuning.Choose(Xeon, Calibrate);
        if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
        {
            Assert.Equal(1, calibrations);
            Assert.Equal(GemmKernel512.Rows6Wide, intel.Kernel);
            Assert.Contains("calibrated", intel.Reason);
        }
        Assert.Null(GemmTuning.FromTable(Xeon));
    }

    [Fact]
    public void CalibrationPicksAKernelAndTheProcessKeepsItsChoice()
    {
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return;
        Assert.True(Enum.IsDefined(GemmTuning.Calibrate()));
        Assert.Equal(GemmTuning.Choice.Kernel, GemmTuning.Kernel512);
        Assert.Same(GemmTuning.Choice, GemmTuning.Choice);
    }

    [Fact]
    public void CacheSizesAreReadFromSysfs()
    {
        string folder = Directory.CreateTempSubdirectory("cache").FullName;
        try
        {
            void Index(int i, int level, string type, string size)
            {
                string path = Directory.CreateDirectory(Path.Combine(folder, "index" + i)).FullName;
                File.WriteAllText(Path.Combine(path, "level"), level + "\n");
                File.WriteAllText(Path.Combine(path, "type"), type + "\n");
                File.WriteAllText(Path.Combine(path, "size"), size + "\n");
            }
            Index(0, 1, "Data", "48K");
            Index(1, 1, "Instruction", "32K");
            Index(2, 2, "Unified", "2048K");
            Index(3, 3, "Unified", "105M");
            Assert.Equal(new CacheSizes(48 * 1024, 2 * 1024 * 1024, 105L << 20), CpuInfo.ReadSysfs(folder));
            Assert.Null(CpuInfo.ReadSysfs(Path.Combine(folder, "missing")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(0x00A10F11, 25, 17)]  // AMD Zen 4 (EPYC 9004)
    [InlineData(0x00B00F21, 26, 2)]   // AMD Zen 5 (EPYC 9005)
    [InlineData(0x000806F8, 6, 143)]  // Intel Sapphire Rapids
    [InlineData(0x000606A6, 6, 106)]  // Intel Ice Lake server
    public void FamilyAndModelIncludeTheExtendedFields(int eax, int family, int model)
        => Assert.Equal((family, model), CpuInfo.FamilyAndModel(eax));

    [Fact]
    public void ThisMachineIsDescribed()
    {
        var cpu = CpuInfo.Current;
        Assert.True(cpu.Caches.L1Data > 0 && cpu.Caches.L2 > 0);
        Assert.Contains("family", cpu.ToString());
    }
}
