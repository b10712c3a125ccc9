using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

public class GemmRowEpilogueTests
{
    // Direct and blocked, ragged and whole tiles, a single row or column (vector paths), k = 0, and products large
    // enough to be split over the cores.
    private static readonly (int M, int N, int K)[] Shapes =
        [(32, 64, 30), (32, 27, 64), (30, 64, 32), (7, 33, 15), (1, 100, 37), (100, 1, 37), (5, 9, 0), (257, 131, 300), (520, 131, 1030), (384, 512, 256)];

    public static TheoryData<int, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        foreach (var (m, n, k) in Shapes)
            foreach (bool transposeA in new[] { false, true })
                foreach (bool transposeB in new[] { false, true })
                    data.Add(m, n, k, transposeA, transposeB);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatHasTheBitsOfTheProductPlusTheRowInTwoSteps(int m, int n, int k, bool transposeA, bool transposeB)
        => Check<float>(m, n, k, transposeA, transposeB);

    [Theory]
    [MemberData(nameof(Cases))]
    public void DoubleHasTheBitsOfTheProductPlusTheRowInTwoSteps(int m, int n, int k, bool transposeA, bool transposeB)
        => Check<double>(m, n, k, transposeA, transposeB);

    private static void Check<T>(int m, int n, int k, bool transposeA, bool transposeB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(m * 7919 + n * 31 + k);
        T[] Random(int length) => Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() * 2 - 1)).ToArray();
        var (a, b, row) = (Random(m * k), Random(k * n), Random(n));

        var expected = new T[m * n];
        Gemm.Multiply<T>(a, b, expected, m, n, k, transposeA, transposeB);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) expected[i * n + j] += row[j];

        var actual = Random(m * n);
        Gemm.MultiplyAddRow<T>(a, b, row, actual, m, n, k, transposeA, transposeB);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ARowOfTheWrongLengthIsRejectedNamingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddRow<float>(new float[6], new float[6], new float[3], new float[4], 2, 2, 3));
        Assert.Equal("row", exception.ParamName);
        Assert.Contains("'row' has 3 elements", exception.Message);
    }

    [Fact]
    public void AResultOverlappingTheRowIsRejected()
    {
        var c = new float[4];
        var exception = Assert.Throws<ArgumentException>(() => Gemm.MultiplyAddRow<float>(new float[6], new float[6], c.AsSpan(2, 2), c, 2, 2, 3));
        Assert.Equal("c", exception.ParamName);
    }
}
