using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

public class LinearAlgebraTests
{
    public static TheoryData<int[], int[], int[]> MatMulCases() => new()
    {
        { [3, 4], [4, 5], [3, 5] },     // 2-D × 2-D
        { [1, 1], [1, 1], [1, 1] },
        { [17, 33], [33, 9], [17, 9] }, // sizes off every register width
        { [5, 0], [0, 3], [5, 3] },     // an empty inner dimension: zeros
        { [0, 4], [4, 2], [0, 2] },     // an empty result
        { [3, 4], [4], [3] },           // 2-D × 1-D: the vector as a column
        { [4], [4, 5], [5] },           // 1-D × 2-D: the vector as a row
        { [6], [6], [1] },              // 1-D × 1-D: the dot product, as a [1] tensor
        { [1], [1, 7], [7] },
    };

    [Theory, MemberData(nameof(MatMulCases))]
    public void MatMulMatchesTheNaiveProduct(int[] aShape, int[] bShape, int[] resultShape)
    {
        CheckMatMul<float>(aShape, bShape, resultShape);
        CheckMatMul<double>(aShape, bShape, resultShape);
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 4 }, "a.Transpose().MatMul(b) would fit")]
    [InlineData(new[] { 2, 3 }, new[] { 4, 3 }, "a.MatMul(b.Transpose()) would fit")]
    [InlineData(new[] { 3, 2 }, new[] { 4, 3 }, "a.Transpose().MatMul(b.Transpose()) would fit")]
    [InlineData(new[] { 2, 3 }, new[] { 5 }, null)]
    [InlineData(new[] { 3 }, new[] { 4 }, null)]
    [InlineData(new[] { 2, 3 }, new[] { 4, 5 }, null)]
    public void MismatchedInnerDimensionsThrowNamingBothShapes(int[] aShape, int[] bShape, string? hint)
    {
        var a = Random<float>(1, aShape);
        var b = Random<float>(2, bShape);
        string message = Assert.Throws<ArgumentException>(() => a.MatMul(b)).Message;
        Assert.Contains($"a is {Text(aShape)} but b is {Text(bShape)}", message);
        if (hint is null) Assert.DoesNotContain("would fit", message);
        else Assert.Contains(hint, message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(67)]
    public void DotMatchesTheNaiveSumOfProducts(int length)
    {
        CheckDot<float>(length);
        CheckDot<double>(length);
    }

    [Fact]
    public void DotOfTheOneDimensionalMatMulGivesTheSameBits()
    {
        var a = Random<double>(1, [29]);
        var b = Random<double>(2, [29]);
        Assert.Equal(a.Dot(b), Values(a.MatMul(b))[0]);
    }

    [Fact]
    public void DotRejectsOtherRanksAndUnequalLengths()
    {
        var vector = Random<float>(1, [3]);
        var matrix = Random<float>(2, [3, 1]);
        Assert.Contains("b is [3, 1]", Assert.Throws<ArgumentException>(() => vector.Dot(matrix)).Message);
        var longer = Random<float>(3, [4]);
        string message = Assert.Throws<ArgumentException>(() => vector.Dot(longer)).Message;
        Assert.Contains("a is [3] and b is [4]", message);
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(1, 7)]
    [InlineData(7, 1)]
    [InlineData(43, 70)] // many 8 × 8 blocks, with partial ones at both edges
    [InlineData(0, 4)]
    public void TransposeSwapsRowsAndColumns(int rows, int columns)
    {
        CheckTranspose<float>(rows, columns);
        CheckTranspose<double>(rows, columns);
    }

    [Theory]
    [InlineData(new[] { 4 })]
    [InlineData(new[] { 2, 3, 4 })]
    public void TransposeRejectsRanksOtherThanTwo(int[] shape)
    {
        var x = Random<float>(1, shape);
        Assert.Contains(Text(shape), Assert.Throws<ArgumentException>(() => x.Transpose()).Message);
    }

    [Fact]
    public void TransposeKernelWorksForAnyElementTypeAndValidatesItsArguments()
    {
        int[] source = [1, 2, 3, 4, 5, 6];
        var destination = new int[6];
        TransposeKernel.Transpose<int>(source, destination, 2, 3);
        Assert.Equal([1, 4, 2, 5, 3, 6], destination);

        Assert.Throws<ArgumentException>(() => TransposeKernel.Transpose<int>(source, destination, -1, 3));
        Assert.Throws<ArgumentException>(() => TransposeKernel.Transpose<int>(source.AsSpan(0, 5), destination, 2, 3));
        Assert.Throws<ArgumentException>(() => TransposeKernel.Transpose<int>(source, destination.AsSpan(0, 5), 2, 3));
        Assert.Throws<ArgumentException>(() => TransposeKernel.Transpose<int>(source, source, 2, 3));
    }

    [Fact]
    public void NullOperandsThrow()
    {
        var x = Random<float>(1, [2, 2]);
        Tensor<float> none = null!;
        Assert.Throws<ArgumentNullException>(() => x.MatMul(none));
        Assert.Throws<ArgumentNullException>(() => none.MatMul(x));
        Assert.Throws<ArgumentNullException>(() => none.Dot(x));
        Assert.Throws<ArgumentNullException>(() => none.Transpose());
    }

    private static void CheckMatMul<T>(int[] aShape, int[] bShape, int[] resultShape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Random<T>(5, aShape);
        var b = Random<T>(6, bShape);
        // Vectors as a row on the left and a column on the right.
        int m = aShape.Length == 2 ? aShape[0] : 1, k = aShape[^1], n = bShape.Length == 2 ? bShape[1] : 1;
        double[] av = Doubles(a), bv = Doubles(b);
        var expected = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++)
                {
                    expected[i * n + j] += av[i * k + p] * bv[p * n + j];
                    magnitude[i * n + j] += Math.Abs(av[i * k + p] * bv[p * n + j]);
                }

        var product = a.MatMul(b);
        Assert.Equal(resultShape, Shape(product));
        // The bound of any order of the k products and sums: (k + 1)·u·Σ|aᵢₚ·bₚⱼ|.
        AssertWithin(expected, product, i => (k + 1) * UnitRoundoff<T>() * magnitude[i]);
    }

    private static void CheckDot<T>(int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = Random<T>(7, [length]);
        var b = Random<T>(8, [length]);
        double[] av = Doubles(a), bv = Doubles(b);
        double expected = 0, magnitude = 0;
        for (int i = 0; i < length; i++)
        {
            expected += av[i] * bv[i];
            magnitude += Math.Abs(av[i] * bv[i]);
        }
        double bound = (length + 1) * UnitRoundoff<T>() * magnitude;
        Assert.InRange(double.CreateTruncating(a.Dot(b)), expected - bound, expected + bound);
    }

    private static void CheckTranspose<T>(int rows, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Random<T>(9, [rows, columns]);
        T[] values = Values(x);
        var transposed = x.Transpose();
        Assert.Equal([columns, rows], Shape(transposed));
        T[] result = Values(transposed);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                Assert.Equal(values[i * columns + j], result[j * rows + i]);
    }

    private static string Text(int[] shape) => "[" + string.Join(", ", shape) + "]";
}
