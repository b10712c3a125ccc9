using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>
/// Batched products against the same products made one at a time with <see cref="Gemm.Multiply{T}"/>: bit for bit,
/// since every element is the same chain of fused multiply-adds whichever thread runs it.
/// </summary>
public class GemmBatchedTests
{
    public static TheoryData<int, int, int, int, bool, bool> Shapes() => new()
    {
        // batch, m, n, k, transposeA, transposeB: single products, many small ones (split by products), a few
        // that are split each, matrix–vector shapes, ragged tiles.
        { 1, 5, 7, 3, false, false },
        { 3, 1, 9, 4, false, true },
        { 4, 9, 1, 6, true, false },
        { 48, 16, 16, 64, false, true },
        { 48, 64, 16, 64, false, false },
        { 96, 33, 17, 9, true, true },
        { 3, 200, 300, 260, false, false },
        { 2, 256, 512, 256, true, false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EachProductMatchesItsOwnMultiply(int batch, int m, int n, int k, bool transposeA, bool transposeB)
    {
        foreach (bool accumulate in new[] { false, true })
        {
            Check<float>(batch, m, n, k, transposeA, transposeB, accumulate, strideAOf: 1, strideBOf: 1);
            Check<double>(batch, m, n, k, transposeA, transposeB, accumulate, strideAOf: 1, strideBOf: 1);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BroadcastOperandsAreReusedForEveryProduct(int batch, int m, int n, int k, bool transposeA, bool transposeB)
    {
        Check<float>(batch, m, n, k, transposeA, transposeB, accumulate: false, strideAOf: 0, strideBOf: 1);
        Check<float>(batch, m, n, k, transposeA, transposeB, accumulate: true, strideAOf: 1, strideBOf: 0);
        Check<double>(batch, m, n, k, transposeA, transposeB, accumulate: false, strideAOf: 0, strideBOf: 0);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ASummedBatchAddsTheProductsInBatchOrder(int batch, int m, int n, int k, bool transposeA, bool transposeB)
    {
        foreach (bool accumulate in new[] { false, true })
        {
            var random = new Random(batch * 31 + m);
            float[] a = Values<float>(random, batch * m * k), b = Values<float>(random, batch * k * n);
            float[] c = Values<float>(random, m * n);
            float[] expected = (float[])c.Clone();
            for (int i = 0; i < batch; i++)
                Gemm.Multiply<float>(a.AsSpan(i * m * k), b.AsSpan(i * k * n), expected, m, n, k, transposeA, transposeB, accumulate || i > 0);

            Gemm.MultiplyBatched<float>(a, b, c, batch, m, n, k, m * k, k * n, 0, transposeA, transposeB, accumulate);
            Assert.Equal(expected, c);
        }
    }

    [Fact]
    public void ResultsFarApartLeaveTheGapsAlone()
    {
        var random = new Random(5);
        const int batch = 40, m = 6, n = 10, k = 7, gap = 13;
        double[] a = Values<double>(random, batch * m * k), b = Values<double>(random, batch * k * n);
        double[] c = Enumerable.Repeat(-7.0, batch * (m * n + gap)).ToArray();
        Gemm.MultiplyBatched<double>(a, b, c, batch, m, n, k, m * k, k * n, m * n + gap);
        for (int i = 0; i < batch; i++)
        {
            double[] one = new double[m * n];
            Gemm.Multiply<double>(a.AsSpan(i * m * k), b.AsSpan(i * k * n), one, m, n, k);
            Assert.Equal(one, c.AsSpan(i * (m * n + gap), m * n).ToArray());
            Assert.All(c.AsSpan(i * (m * n + gap) + m * n, gap).ToArray(), value => Assert.Equal(-7.0, value));
        }
    }

    [Fact]
    public void AnEmptyDepthClearsEveryResultOrLeavesThemWhenAccumulating()
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.MultiplyBatched<float>([], [], c, 3, 1, 2, 0, 0, 0, 2, accumulate: true);
        Assert.Equal([1, 2, 3, 4, 5, 6], c);
        Gemm.MultiplyBatched<float>([], [], c, 3, 1, 2, 0, 0, 0, 2);
        Assert.All(c, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        float[] a = new float[24], b = new float[24], c = new float[24];
        Assert.Contains("'a' has 24 elements; 3 [2, 4] matrices 10 apart need 28",
            Assert.Throws<ArgumentException>(() => Gemm.MultiplyBatched<float>(a, b, c, 3, 2, 2, 4, 10, 8, 4)).Message);
        Assert.Contains("would overlap",
            Assert.Throws<ArgumentException>(() => Gemm.MultiplyBatched<float>(a, b, c, 3, 2, 2, 4, 8, 8, 3)).Message);
        Assert.Contains("must not be negative",
            Assert.Throws<ArgumentException>(() => Gemm.MultiplyBatched<float>(a, b, c, 3, 2, 2, 4, -8, 8, 4)).Message);
        Assert.Contains("'c' must not overlap",
            Assert.Throws<ArgumentException>(() => Gemm.MultiplyBatched<float>(a, b, a.AsSpan(4), 2, 2, 2, 2, 4, 4, 4)).Message);
    }

    private static void Check<T>(int batch, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, int strideAOf, int strideBOf)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var random = new Random(batch * 7 + m * 3 + n + k);
        int strideA = strideAOf * m * k, strideB = strideBOf * k * n;
        T[] a = Values<T>(random, strideA * (batch - 1) + m * k), b = Values<T>(random, strideB * (batch - 1) + k * n);
        T[] c = Values<T>(random, batch * m * n);
        T[] expected = (T[])c.Clone();
        for (int i = 0; i < batch; i++)
            Gemm.Multiply<T>(a.AsSpan(i * strideA), b.AsSpan(i * strideB), expected.AsSpan(i * m * n), m, n, k, transposeA, transposeB, accumulate);

        Gemm.MultiplyBatched<T>(a, b, c, batch, m, n, k, strideA, strideB, m * n, transposeA, transposeB, accumulate);
        Assert.Equal(expected, c);
    }

    private static T[] Values<T>(Random random, int length)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5)).ToArray();
}
