using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

public class VarianceTests
{
    // [outer, length, inner] × correction: contiguous rows and columns walked down the axis.
    public static TheoryData<int, int, int, int> Cases()
    {
        var data = new TheoryData<int, int, int, int>();
        foreach (int correction in new[] { 0, 1 })
        {
            data.Add(1, 2, 1, correction);
            data.Add(4, 67, 1, correction);
            data.Add(2, 500, 1, correction);
            data.Add(3, 5, 7, correction);
            data.Add(2, 40, 33, correction);
        }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void KernelMatchesTheTwoPassDoubleReference(int outer, int length, int inner, int correction)
    {
        Check<float>(Uniform(length + inner, outer * length * inner), outer, length, inner, correction);
        Check<double>(Uniform(length + inner, outer * length * inner), outer, length, inner, correction);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void LargeOffsetsDoNotCancelTheSpread(int inner)
    {
        // Around 1000 with a spread of 0.01: E[x²] − E[x]² would cancel every digit a float has.
        double[] x = Array.ConvertAll(Uniform(5, 2 * 50 * inner), v => 1000 + 0.01 * v);
        Check<float>(x, 2, 50, inner, 1);
        Check<double>(Array.ConvertAll(x, v => v + 1e8), 2, 50, inner, 1);
    }

    [Fact]
    public void ACorrectionAsLargeAsTheAxisDividesByZero()
    {
        var variance = new double[1];
        VarianceKernel.Forward<double>([3.0], [], variance, 1, 1, 1, 1);
        Assert.True(double.IsNaN(variance[0]));
        VarianceKernel.Forward<double>([1.0, 2.0], [], variance, 1, 2, 1, 3);
        Assert.Equal(double.PositiveInfinity, variance[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void TheMeansComeOutWhenAsked(int inner)
    {
        double[] x = Uniform(8, 3 * 20 * inner);
        var mean = new double[3 * inner];
        var variance = new double[3 * inner];
        VarianceKernel.Forward<double>(x, mean, variance, 3, 20, inner, 0);
        var withoutMean = new double[3 * inner];
        VarianceKernel.Forward<double>(x, [], withoutMean, 3, 20, inner, 0);
        AssertIdentical(variance, withoutMean);
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < inner; i++)
                Assert.Equal(Enumerable.Range(0, 20).Average(k => x[(o * 20 + k) * inner + i]), mean[o * inner + i], 14);
    }

    [Theory]
    [InlineData(new[] { 4, 7 }, 1, false, new[] { 4 })]
    [InlineData(new[] { 4, 7 }, 0, true, new[] { 1, 7 })]
    [InlineData(new[] { 2, 3, 5 }, -2, false, new[] { 2, 5 })]
    [InlineData(new[] { 9 }, 0, false, new[] { 1 })]
    public void EagerVarIsTheKernelWithBesselByDefault(int[] shape, int axis, bool keepDims, int[] resultShape)
    {
        var x = Tensor.Create(Uniform(2, shape.Aggregate(1, (p, n) => p * n)), Array.ConvertAll(shape, n => (nint)n));
        int resolved = axis < 0 ? axis + shape.Length : axis;
        int outer = shape[..resolved].Aggregate(1, (p, n) => p * n), inner = shape[(resolved + 1)..].Aggregate(1, (p, n) => p * n);
        foreach (int correction in new[] { 0, 1 })
        {
            var expected = new double[outer * inner];
            VarianceKernel.Forward<double>(x.ToArray(), [], expected, outer, shape[resolved], inner, correction);
            var result = correction == 1 ? x.Var(axis, keepDims) : x.Var(axis, keepDims, correction);
            Assert.Equal(resultShape, Array.ConvertAll(result.Lengths.ToArray(), n => (int)n));
            AssertIdentical(expected, result.ToArray());
        }
    }

    [Fact]
    public void EagerVarRejectsANegativeCorrection()
        => Assert.Equal("correction", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Create(new float[4], [4]).Var(0, correction: -1)).ParamName);

    private static void Check<T>(double[] source, int outer, int length, int inner, int correction) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = To<T>(source);
        var variance = Sentinel<T>(outer * inner);
        VarianceKernel.Forward<T>(x, [], variance, outer, length, inner, correction);

        double[] seen = ToDouble(x);
        var expected = new double[outer * inner];
        var tolerance = new double[outer * inner];
        double u = UnitRoundoff<T>();
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                double[] column = Enumerable.Range(0, length).Select(k => seen[(o * length + k) * inner + i]).ToArray();
                double mean = column.Average();
                expected[o * inner + i] = column.Sum(v => (v - mean) * (v - mean)) / (length - correction);
                // Rounding the sums, plus the square of the mean's error, which the deviations carry.
                double meanError = (length + 2) * u * column.Max(Math.Abs);
                tolerance[o * inner + i] = (length + 8) * u * expected[o * inner + i] + length * meanError * meanError / (length - correction);
            }
        }
        AssertWithin(expected, variance, i => tolerance[i], $"[{outer}, {length}, {inner}] correction {correction} {typeof(T).Name}");
    }
}
