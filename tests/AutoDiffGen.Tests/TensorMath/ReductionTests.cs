using System.Numerics;
using System.Numerics.Tensors;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

public class ReductionTests
{
    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 67 })]       // full registers of every width and a tail
    [InlineData(new[] { 3, 41 })]
    [InlineData(new[] { 2, 3, 4 })]
    [InlineData(new[] { 1000 })]     // long enough for rounding to matter
    public void SumAndMeanOfAllElements(int[] shape)
    {
        CheckTotal<float>(shape);
        CheckTotal<double>(shape);
    }

    [Fact]
    public void AnEmptyTensorSumsToZeroAndHasNoMean()
    {
        var empty = Tensor.Create(Array.Empty<double>(), [0, 3]);
        Assert.Equal(0.0, empty.Sum());
        Assert.True(double.IsNaN(empty.Mean()));
    }

    public static TheoryData<int[], int, bool, int[]> AxisCases()
    {
        var data = new TheoryData<int[], int, bool, int[]>
        {
            { [2, 3, 4], 0, false, [3, 4] },
            { [2, 3, 4], 0, true, [1, 3, 4] },
            { [2, 3, 4], 1, false, [2, 4] },
            { [2, 3, 4], 1, true, [2, 1, 4] },
            { [2, 3, 4], 2, false, [2, 3] },
            { [2, 3, 4], 2, true, [2, 3, 1] },
            { [2, 3, 4], -1, false, [2, 3] },      // negative axes count from the end
            { [2, 3, 4], -2, true, [2, 1, 4] },
            { [2, 3, 4], -3, false, [3, 4] },
            { [5], 0, false, [1] },                // no rank 0: the sum of a vector is a [1] tensor
            { [5], 0, true, [1] },
            { [4, 37], 0, false, [37] },           // rows of registers added one after another
            { [4, 37], 1, true, [4, 1] },          // a lane accumulator per row
            { [1, 5], 0, false, [5] },             // an axis of length 1
            { [6, 1], 1, false, [6] },
            { [3, 0, 2], 1, false, [3, 2] },       // an empty axis sums to zero
            { [3, 0, 2], 2, true, [3, 0, 1] },     // an empty result
            { [2, 5, 3, 7], 2, false, [2, 5, 7] },
        };
        return data;
    }

    [Theory, MemberData(nameof(AxisCases))]
    public void SumAndMeanAlongAnAxis(int[] shape, int axis, bool keepDims, int[] resultShape)
    {
        CheckAxis<float>(shape, axis, keepDims, resultShape);
        CheckAxis<double>(shape, axis, keepDims, resultShape);
    }

    [Fact]
    public void SummingTheOnlyAxisOfAVectorGivesTheSameBitsAsSummingAll()
    {
        var x = Random<float>(3, [101]);
        Assert.Equal(x.Sum(), Values(x.Sum(0))[0]);
        Assert.Equal(x.Mean(), Values(x.Mean(-1))[0]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-3)]
    [InlineData(int.MaxValue)]
    public void AnAxisOutsideTheRankThrowsNamingItAndTheRank(int axis)
    {
        var x = Random<double>(1, [2, 3]);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => x.Sum(axis));
        Assert.Equal("axis", exception.ParamName);
        Assert.Contains($"Axis {axis}", exception.Message);
        Assert.Contains("rank 2", exception.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Mean(axis, keepDims: true));
    }

    [Fact]
    public void NullInputThrows()
    {
        Tensor<float> none = null!;
        Assert.Throws<ArgumentNullException>(() => none.Sum());
        Assert.Throws<ArgumentNullException>(() => none.Mean());
        Assert.Throws<ArgumentNullException>(() => none.Sum(0));
        Assert.Throws<ArgumentNullException>(() => none.Mean(0));
    }

    private static void CheckTotal<T>(int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Random<T>(Count(shape), shape);
        double[] values = Doubles(x);
        double sum = values.Sum(), magnitude = values.Sum(Math.Abs);
        // The bound of any summation order: n·u·Σ|xᵢ| (and one more rounding for the mean's division).
        double bound = values.Length * UnitRoundoff<T>() * magnitude;
        Assert.InRange(double.CreateTruncating(x.Sum()), sum - bound, sum + bound);
        double mean = sum / values.Length, meanBound = (bound + UnitRoundoff<T>() * magnitude) / values.Length;
        Assert.InRange(double.CreateTruncating(x.Mean()), mean - meanBound, mean + meanBound);
    }

    private static void CheckAxis<T>(int[] shape, int axis, bool keepDims, int[] resultShape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Random<T>(17, shape);
        var (sums, magnitudes) = ReferenceSums(Doubles(x), shape, axis < 0 ? axis + shape.Length : axis);
        int length = shape[axis < 0 ? axis + shape.Length : axis];
        double u = UnitRoundoff<T>();

        var sum = x.Sum(axis, keepDims);
        Assert.Equal(resultShape, Shape(sum));
        AssertWithin(sums, sum, i => length * u * magnitudes[i]);

        var mean = x.Mean(axis, keepDims);
        Assert.Equal(resultShape, Shape(mean));
        double[] means = Array.ConvertAll(sums, s => s / length);
        AssertWithin(means, mean, i => (length + 1) * u * magnitudes[i] / length);
    }

    // Per result element: the sum along the axis and the sum of magnitudes, in double.
    private static (double[] Sums, double[] Magnitudes) ReferenceSums(double[] values, int[] shape, int axis)
    {
        int outer = shape[..axis].Aggregate(1, (p, n) => p * n);
        int inner = shape[(axis + 1)..].Aggregate(1, (p, n) => p * n);
        int length = shape[axis];
        var sums = new double[outer * inner];
        var magnitudes = new double[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < length; j++)
                for (int i = 0; i < inner; i++)
                {
                    double v = values[(o * length + j) * inner + i];
                    sums[o * inner + i] += v;
                    magnitudes[o * inner + i] += Math.Abs(v);
                }
        return (sums, magnitudes);
    }
}
