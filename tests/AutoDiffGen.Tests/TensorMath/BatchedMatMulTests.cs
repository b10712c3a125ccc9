using System.Numerics;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

/// <summary>MatMul with batch axes, against a naive product that broadcasts them as torch.matmul does.</summary>
public class BatchedMatMulTests
{
    public static TheoryData<int[], int[], int[]> Cases() => new()
    {
        { [2, 3, 4], [4, 5], [2, 3, 5] },             // [B, T, C]·[C, D]: one product over B·T rows
        { [2, 3, 5, 4], [4, 6], [2, 3, 5, 6] },
        { [2, 3, 4], [2, 4, 5], [2, 3, 5] },          // one matrix per product on both sides
        { [2, 4, 6, 3], [2, 4, 3, 6], [2, 4, 6, 6] }, // [B, H, T, d]·[B, H, d, T]
        { [3, 4], [2, 4, 5], [2, 3, 5] },             // a 2-D left operand broadcast over b's batch
        { [1, 3, 4], [5, 4, 2], [5, 3, 2] },          // a batch of one broadcast
        { [2, 1, 3, 4], [1, 5, 4, 2], [2, 5, 3, 2] }, // axis against axis, each broadcasting the other
        { [6, 1, 3, 4], [5, 4, 2], [6, 5, 3, 2] },    // ranks differ: batch axes align from the right
        { [2, 3, 4], [4], [2, 3] },                   // a vector on the right: a column, dropped
        { [4], [2, 4, 5], [2, 5] },                   // a vector on the left: a row, dropped
        { [2, 3, 0], [2, 0, 4], [2, 3, 4] },          // an empty inner dimension: zeros
        { [0, 3, 4], [4, 2], [0, 3, 2] },             // an empty batch
        { [40, 17, 9], [40, 9, 33], [40, 17, 33] },   // many small products, spread over the threads
    };

    [Theory, MemberData(nameof(Cases))]
    public void MatMulMatchesTheNaiveBroadcastProduct(int[] aShape, int[] bShape, int[] resultShape)
    {
        Check<float>(aShape, bShape, resultShape);
        Check<double>(aShape, bShape, resultShape);
    }

    [Fact]
    public void BatchAxesThatDoNotBroadcastAreNamed()
    {
        var a = Random<float>(1, [2, 3, 4]);
        var b = Random<float>(2, [3, 4, 5]);
        string message = Assert.Throws<ArgumentException>(() => a.MatMul(b)).Message;
        Assert.Contains("batch axes do not broadcast: a is [2, 3, 4] and b is [3, 4, 5]", message);
        Assert.Contains("2 and 3 differ", message);
    }

    [Fact]
    public void MismatchedInnerDimensionsOfBatchesAreNamed()
    {
        var a = Random<double>(1, [2, 3, 4]);
        var b = Random<double>(2, [2, 5, 3]);
        Assert.Contains("a is [2, 3, 4] but b is [2, 5, 3] (4 ≠ 5)", Assert.Throws<ArgumentException>(() => a.MatMul(b)).Message);
    }

    [Fact]
    public void NonDenseOperandsAreReadAsTheirValues()
    {
        var a = Random<double>(3, [2, 3, 4]);
        var b = Random<double>(4, [2, 4, 5]);
        Assert.Equal(Values(a.MatMul(b)), Values(Strided(a).MatMul(Strided(b))));
    }

    private static void Check<T>(int[] aShape, int[] bShape, int[] resultShape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Random<T>(5, aShape);
        var b = Random<T>(6, bShape);
        double[] av = Doubles(a), bv = Doubles(b);

        // Vectors as a row on the left and a column on the right, with no batch axes.
        int[] aBatch = aShape.Length > 2 ? aShape[..^2] : [], bBatch = bShape.Length > 2 ? bShape[..^2] : [];
        int m = aShape.Length >= 2 ? aShape[^2] : 1, k = aShape[^1], n = bShape.Length >= 2 ? bShape[^1] : 1;
        int rank = Math.Max(aBatch.Length, bBatch.Length);
        int[] batch = new int[rank];
        for (int i = 1; i <= rank; i++)
        {
            int x = i <= aBatch.Length ? aBatch[^i] : 1, y = i <= bBatch.Length ? bBatch[^i] : 1;
            batch[^i] = x == 1 ? y : x;
        }
        int count = Count(batch);

        var expected = new double[count * m * n];
        var magnitude = new double[count * m * n];
        var index = new int[rank];
        for (int product = 0; product < count; product++)
        {
            int aBase = Offset(index, aBatch) * m * k, bBase = Offset(index, bBatch) * k * n;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    for (int p = 0; p < k; p++)
                    {
                        double term = av[aBase + i * k + p] * bv[bBase + p * n + j];
                        expected[product * m * n + i * n + j] += term;
                        magnitude[product * m * n + i * n + j] += Math.Abs(term);
                    }
            for (int d = rank - 1; d >= 0 && ++index[d] == batch[d]; d--) index[d] = 0;
        }

        var result = a.MatMul(b);
        Assert.Equal(resultShape, Shape(result));
        AssertWithin(expected, result, i => (k + 1) * UnitRoundoff<T>() * magnitude[i]);
    }

    // The flat index of an operand's matrix at the result's batch index, its broadcast axes held at 0.
    private static int Offset(int[] index, int[] operand)
    {
        int offset = 0;
        for (int d = 0; d < operand.Length; d++)
            offset = offset * operand[d] + (operand[d] == 1 ? 0 : index[index.Length - operand.Length + d]);
        return offset;
    }
}
