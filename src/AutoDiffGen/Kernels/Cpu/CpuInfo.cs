using System.Globalization;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The processor the kernels run on: vendor, family and model as CPUID gives them, its name, and its cache sizes,
/// read from the OS (Linux sysfs) where it has them and from CPUID otherwise. Read once per process.
/// </summary>
internal sealed record CpuInfo(string Vendor, int Family, int Model, string Name, CacheSizes Caches)
{
    public const string Amd = "AuthenticAMD";
    public const string Intel = "GenuineIntel";

    /// <summary>This machine's processor.</summary>
    public static CpuInfo Current { get; } = Detect();

    public override string ToString() => $"{Name} ({Vendor} family {Family} model {Model}; {Caches})";

    private static CpuInfo Detect()
    {
        string vendor = "unknown", name = "unknown";
        int family = 0, model = 0;
        if (X86Base.IsSupported)
        {
            var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
            vendor = Text(ebx, edx, ecx);
            (family, model) = FamilyAndModel(X86Base.CpuId(1, 0).Eax);
            name = BrandString() ?? name;
        }
        var caches = ReadSysfs("/sys/devices/system/cpu/cpu0/cache") ?? (X86Base.IsSupported ? ReadCpuid(vendor) : null) ?? CacheSizes.Fallback;
        return new CpuInfo(vendor, family, model, name, caches);
    }

    /// <summary>Family and model from CPUID leaf 1, extended fields included (family 25 model 17 is Zen 4, 6/143 Sapphire Rapids).</summary>
    internal static (int Family, int Model) FamilyAndModel(int eax)
    {
        int baseFamily = (eax >> 8) & 0xF, baseModel = (eax >> 4) & 0xF;
        int family = baseFamily == 0xF ? baseFamily + ((eax >> 20) & 0xFF) : baseFamily;
        int model = baseFamily is 0x6 or 0xF ? baseModel + (((eax >> 16) & 0xF) << 4) : baseModel;
        return (family, model);
    }

    /// <summary>
    /// Cache sizes from a sysfs <c>cache</c> folder (<c>index*/level</c>, <c>type</c>, <c>size</c>); null when it is
    /// missing or says nothing usable.
    /// </summary>
    internal static CacheSizes? ReadSysfs(string folder)
    {
        try
        {
            if (!Directory.Exists(folder)) return null;
            int l1 = 0, l2 = 0;
            long l3 = 0;
            foreach (string index in Directory.GetDirectories(folder, "index*"))
            {
                string type = File.ReadAllText(Path.Combine(index, "type")).Trim();
                if (type == "Instruction") continue;
                int level = int.Parse(File.ReadAllText(Path.Combine(index, "level")).Trim(), CultureInfo.InvariantCulture);
                long size = ParseSize(File.ReadAllText(Path.Combine(index, "size")).Trim());
                if (level == 1) l1 = (int)size;
                else if (level == 2) l2 = (int)size;
                else if (level == 3) l3 = size;
            }
            return l1 > 0 && l2 > 0 ? new CacheSizes(l1, l2, l3) : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary><c>32K</c>, <c>1024K</c>, <c>32M</c> or plain bytes.</summary>
    internal static long ParseSize(string text)
    {
        long unit = text.EndsWith('K') ? 1024 : text.EndsWith('M') ? 1024 * 1024 : 1;
        string digits = unit == 1 ? text : text[..^1];
        return long.Parse(digits, CultureInfo.InvariantCulture) * unit;
    }

    /// <summary>Deterministic cache parameters (leaf 4 on Intel, 0x8000001D on AMD): ways × partitions × line × sets.</summary>
    private static CacheSizes? ReadCpuid(string vendor)
    {
        int leaf = vendor == Intel ? 4 : vendor == Amd ? unchecked((int)0x8000001D) : -1;
        if (leaf == -1 || (uint)X86Base.CpuId(vendor == Intel ? 0 : unchecked((int)0x80000000), 0).Eax < (uint)leaf) return null;
        int l1 = 0, l2 = 0;
        long l3 = 0;
        for (int sub = 0; sub < 16; sub++)
        {
            var (eax, ebx, ecx, _) = X86Base.CpuId(leaf, sub);
            int type = eax & 0x1F;
            if (type == 0) break;
            if (type == 2) continue; // instruction cache
            int level = (eax >> 5) & 0x7;
            long size = (long)(((ebx >> 22) & 0x3FF) + 1) * (((ebx >> 12) & 0x3FF) + 1) * ((ebx & 0xFFF) + 1) * ((long)ecx + 1);
            if (level == 1) l1 = (int)size;
            else if (level == 2) l2 = (int)size;
            else if (level == 3) l3 = size;
        }
        return l1 > 0 && l2 > 0 ? new CacheSizes(l1, l2, l3) : null;
    }

    private static string? BrandString()
    {
        if ((uint)X86Base.CpuId(unchecked((int)0x80000000), 0).Eax < 0x80000004) return null;
        var parts = new List<int>();
        for (uint leaf = 0x80000002; leaf <= 0x80000004; leaf++)
        {
            var (eax, ebx, ecx, edx) = X86Base.CpuId((int)leaf, 0);
            parts.AddRange([eax, ebx, ecx, edx]);
        }
        string brand = new(parts.SelectMany(BitConverter.GetBytes).Select(b => (char)b).Where(c => c != '\0').ToArray());
        return brand.Trim().Length > 0 ? brand.Trim() : null;
    }

    private static string Text(params int[] registers)
        => new(registers.SelectMany(BitConverter.GetBytes).Select(b => (char)b).ToArray());
}
