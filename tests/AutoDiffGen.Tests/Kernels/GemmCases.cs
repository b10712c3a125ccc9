namespace AutoDiffGen.Tests.Kernels;

/// <summary>Every layout (transposed A or not, transposed B or not, accumulating or not) of each shape.</summary>
internal static class GemmCases
{
    public static TheoryData<int, int, int, bool, bool, bool> Of((int M, int N, int K)[] shapes)
    {
        var data = new TheoryData<int, int, int, bool, bool, bool>();
        foreach (var (m, n, k) in shapes)
            foreach (bool transposeA in new[] { false, true })
                foreach (bool transposeB in new[] { false, true })
                    foreach (bool accumulate in new[] { false, true })
                        data.Add(m, n, k, transposeA, transposeB, accumulate);
        return data;
    }
}
