using System.Numerics;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

public class MaxKernelTests
{
    // [outer, length, inner]: contiguous rows (inner 1) with full registers and tails, and columns walked down the
    // axis (inner > 1), including an axis of length 1.
    public static TheoryData<int, int, int> Layouts() => new()
    {
        { 1, 1, 1 },
        { 3, 67, 1 },
        { 2, 300, 1 },
        { 4, 16, 1 },
        { 2, 5, 3 },
        { 3, 7, 37 },
        { 2, 1, 5 },
        { 1, 4, 64 },
        { 5, 33, 2 },
    };

    [Theory, MemberData(nameof(Layouts))]
    public void ForwardFindsTheMaximaAndTheirPositions(int outer, int length, int inner)
    {
        CheckForward<float>(Uniform(outer * 100 + length, outer * length * inner), outer, length, inner);
        CheckForward<double>(Uniform(outer * 100 + length, outer * length * inner), outer, length, inner);
    }

    [Theory, MemberData(nameof(Layouts))]
    public void TiesGoToTheFirstPosition(int outer, int length, int inner)
    {
        // Values from {0, 1, 2, 3}: most rows hold their maximum several times.
        double[] x = Array.ConvertAll(Indices(length + inner, outer * length * inner, 4), v => (double)v);
        CheckForward<float>(x, outer, length, inner);
        CheckForward<double>(x, outer, length, inner);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ATieAcrossRegistersStillGoesToTheFirstPosition(int inner)
    {
        // The maximum at positions 20 and 60 of 67: in different registers of a row, or far apart down a column.
        const int length = 67;
        var x = new double[length * inner];
        for (int i = 0; i < inner; i++)
        {
            x[20 * inner + i] = 5;
            x[60 * inner + i] = 5;
        }
        var values = new double[inner];
        var argmax = new int[inner];
        MaxKernel.Forward<double>(x, values, argmax, 1, length, inner);
        Assert.All(argmax, k => Assert.Equal(20, k));
        Assert.All(values, v => Assert.Equal(5, v));
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(1, 37)]     // past the first registers of a contiguous row
    [InlineData(5, 7)]
    [InlineData(5, 37)]
    public void TheFirstNaNIsTheMaximum(int inner, int firstNaN)
    {
        const int length = 64;
        double[] x = Uniform(3, length * inner);
        for (int i = 0; i < inner; i++)
        {
            x[(firstNaN + i) * inner + i] = double.NaN;
            x[(firstNaN + 20 + i) * inner + i] = double.NaN;
            x[2 * inner + i] = 100;
        }
        CheckForward<float>(x, 1, length, inner);
        CheckForward<double>(x, 1, length, inner);

        var values = new double[inner];
        var argmax = new int[inner];
        MaxKernel.Forward<double>(x, values, argmax, 1, length, inner);
        for (int i = 0; i < inner; i++)
        {
            Assert.Equal(firstNaN + i, argmax[i]);
            Assert.True(double.IsNaN(values[i]));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void InfinitiesAndSignedZerosAreOrderedAsIeeeSays(int inner)
    {
        // A row of -∞ has its maximum at 0; -0 and +0 tie, so the first wins and the value is the element itself.
        double[] row1 = [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity];
        double[] row2 = [-0.0, 0.0, -1.0];
        double[] row3 = [-5.0, double.PositiveInfinity, double.PositiveInfinity];
        double[][] rows = [row1, row2, row3];
        var x = new double[rows.Length * 3 * inner];
        for (int o = 0; o < rows.Length; o++)
            for (int k = 0; k < 3; k++)
                for (int i = 0; i < inner; i++)
                    x[(o * 3 + k) * inner + i] = rows[o][k];

        var values = new double[rows.Length * inner];
        var argmax = new int[rows.Length * inner];
        MaxKernel.Forward<double>(x, values, argmax, rows.Length, 3, inner);
        for (int i = 0; i < inner; i++)
        {
            Assert.Equal((0, double.NegativeInfinity), (argmax[i], values[i]));
            Assert.Equal(0, argmax[inner + i]);
            Assert.True(double.IsNegative(values[inner + i]), "the first zero, -0, is the value");
            Assert.Equal((1, double.PositiveInfinity), (argmax[2 * inner + i], values[2 * inner + i]));
        }
    }

    [Theory, MemberData(nameof(Layouts))]
    public void BackwardMatchesFiniteDifferencesOfForward(int outer, int length, int inner)
    {
        double[] x = Distinct(outer + length + inner, outer * length * inner);
        double[] weights = Uniform(5, outer * inner);
        double Loss(double[] at)
        {
            var values = new double[outer * inner];
            MaxKernel.Forward<double>(at, values, new int[outer * inner], outer, length, inner);
            return Weighted(values, weights);
        }

        var argmax = new int[outer * inner];
        MaxKernel.Forward<double>(x, new double[outer * inner], argmax, outer, length, inner);
        double[] dx = Sentinel<double>(x.Length);
        MaxKernel.Backward<double>(weights, argmax, dx, outer, length, inner);
        AssertMatchesFiniteDifferences(dx, Numerical(Loss, x), $"max [{outer}, {length}, {inner}]");
    }

    [Fact]
    public void BackwardRoutesTheGradientToTheArgmaxAndZeroesTheRest()
    {
        float[] g = [10, 20, 30, 40];
        int[] argmax = [2, 0, 1, 2];
        var dx = Sentinel<float>(12);
        MaxKernel.Backward<float>(g, argmax, dx, 2, 3, 2);
        // dx[o, k, i] = g[o, i] where k = argmax[o, i].
        Assert.Equal(new float[] { 0, 20, 0, 0, 10, 0, 0, 0, 30, 0, 0, 40 }, dx);
    }

    [Fact]
    public void BackwardRejectsAPositionOutsideTheAxisBeforeWriting()
    {
        var dx = Sentinel<double>(6);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => MaxKernel.Backward<double>([1, 2], [1, 3], dx, 2, 3, 1));
        Assert.Equal("argmax", exception.ParamName);
        AssertUntouched(dx);
    }

    [Fact]
    public void AnEmptyAxisHasNoMaximum()
    {
        var exception = Assert.Throws<ArgumentException>(() => MaxKernel.Forward<float>([], new float[3], new int[3], 3, 0, 1));
        Assert.Equal("length", exception.ParamName);
        // Nothing to compute: no error.
        MaxKernel.Forward<float>([], [], [], 0, 0, 4);
    }

    [Fact]
    public void SpanLengthsAndOverlapsAreChecked()
    {
        var x = new double[12];
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => MaxKernel.Forward<double>(x.AsSpan(1), new double[4], new int[4], 2, 3, 2)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => MaxKernel.Forward<double>(x, new double[5], new int[4], 2, 3, 2)).ParamName);
        Assert.Equal("argmax", Assert.Throws<ArgumentException>(() => MaxKernel.Forward<double>(x, new double[4], new int[3], 2, 3, 2)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => MaxKernel.Forward<double>(x, x.AsSpan(0, 4), new int[4], 2, 3, 2)).ParamName);
        Assert.Throws<ArgumentException>(() => MaxKernel.Forward<double>(x, new double[4], new int[4], -2, -3, 2));
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => MaxKernel.Backward<double>(new double[4], new int[4], new double[11], 2, 3, 2)).ParamName);
    }

    private static void CheckForward<T>(double[] source, int outer, int length, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = To<T>(source);
        var values = new T[outer * inner];
        var argmax = new int[outer * inner];
        MaxKernel.Forward<T>(x, values, argmax, outer, length, inner);

        double[] seen = ToDouble(x);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                // The first strictly larger element, or the first NaN, replaces the best so far.
                int best = 0;
                for (int k = 1; k < length && !double.IsNaN(seen[(o * length + best) * inner + i]); k++)
                {
                    double value = seen[(o * length + k) * inner + i];
                    if (double.IsNaN(value) || value > seen[(o * length + best) * inner + i]) best = k;
                }
                Assert.Equal(best, argmax[o * inner + i]);
                Assert.Equal(x[(o * length + best) * inner + i], values[o * inner + i]);
            }
        }
    }
}
