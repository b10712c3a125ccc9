using System.Numerics;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

public class SoftmaxKernelTests
{
    public enum Function { Softmax, LogSoftmax, LogSumExp }

    // [outer, length, inner]: rows (inner 1) with full registers and tails, and columns walked down the axis.
    public static TheoryData<Function, int, int, int> Cases()
    {
        var data = new TheoryData<Function, int, int, int>();
        foreach (Function function in Enum.GetValues<Function>())
        {
            data.Add(function, 1, 1, 1);
            data.Add(function, 4, 27, 1);
            data.Add(function, 3, 67, 1);
            data.Add(function, 2, 500, 1);
            data.Add(function, 2, 5, 3);
            data.Add(function, 3, 10, 37);
            data.Add(function, 1, 3, 64);
            data.Add(function, 2, 1, 7);
        }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void MatchesTheDoubleReference(Function function, int outer, int length, int inner)
    {
        Check<float>(function, Uniform(length * 31 + inner, outer * length * inner, -5, 5), outer, length, inner);
        Check<double>(function, Uniform(length * 31 + inner, outer * length * inner, -5, 5), outer, length, inner);
    }

    [Theory, MemberData(nameof(Cases))]
    public void LogitsOfMagnitude1e4StayFinite(Function function, int outer, int length, int inner)
    {
        // Without subtracting the maximum, exp(1e4) overflows and exp(-1e4) underflows every term.
        Check<float>(function, Uniform(length + 7, outer * length * inner, -1e4, 1e4), outer, length, inner);
        Check<double>(function, Uniform(length + 7, outer * length * inner, -1e4, 1e4), outer, length, inner);
        Check<float>(function, Uniform(length + 8, outer * length * inner, 1e4, 1e4 + 3), outer, length, inner);
        Check<double>(function, Uniform(length + 8, outer * length * inner, -1e4 - 3, -1e4), outer, length, inner);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void SoftmaxAndLogSoftmaxMayWriteOverTheirInput(int inner)
    {
        double[] x = Uniform(4, 5 * 19 * inner);
        foreach (Function function in new[] { Function.Softmax, Function.LogSoftmax })
        {
            var separate = new double[x.Length];
            Apply<double>(function, x, separate, 5, 19, inner);
            var inPlace = (double[])x.Clone();
            Apply<double>(function, inPlace, inPlace, 5, 19, inner);
            AssertIdentical(separate, inPlace, function.ToString());
        }
    }

    [Fact]
    public void PartlyOverlappingSpansAreRejected()
    {
        var buffer = new float[20];
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => SoftmaxKernel.Softmax<float>(buffer.AsSpan(0, 12), buffer.AsSpan(2, 12), 3, 4, 1)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => SoftmaxKernel.LogSoftmax<float>(buffer.AsSpan(0, 12), buffer.AsSpan(2, 12), 3, 4, 1)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => SoftmaxKernel.LogSumExp<float>(buffer.AsSpan(0, 12), buffer.AsSpan(0, 3), 3, 4, 1)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => SoftmaxKernel.Softmax<float>(buffer.AsSpan(0, 12), new float[11], 3, 4, 1)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => SoftmaxKernel.LogSumExp<float>(buffer, new float[3], 3, 4, 1)).ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void InfiniteAndEmptyAxes(int inner)
    {
        // log Σ over an axis of -∞ is -∞, with +∞ it is +∞, and over an empty axis it is -∞; softmax gives
        // exactly zero weight to a -∞ logit.
        double[] x = [.. Repeat(double.NegativeInfinity, 3, inner), .. Repeat(1.0, 1, inner), .. Repeat(double.NegativeInfinity, 2, inner),
            .. Repeat(double.PositiveInfinity, 1, inner), .. Repeat(2.0, 2, inner)];
        var values = new double[3 * inner];
        SoftmaxKernel.LogSumExp<double>(x, values, 3, 3, inner);
        for (int i = 0; i < inner; i++)
        {
            Assert.Equal(double.NegativeInfinity, values[i]);
            Assert.Equal(1.0, values[inner + i], 15);
            Assert.Equal(double.PositiveInfinity, values[2 * inner + i]);
        }

        var y = new double[x.Length];
        SoftmaxKernel.Softmax<double>(x, y, 3, 3, inner);
        for (int i = 0; i < inner; i++)
        {
            Assert.Equal(1.0, y[3 * inner + i]);
            Assert.Equal(0.0, y[4 * inner + i]);
        }

        var empty = new double[2 * inner];
        SoftmaxKernel.LogSumExp<double>([], empty, 2, 0, inner);
        Assert.All(empty, v => Assert.Equal(double.NegativeInfinity, v));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void AnAxisOfLengthOneGivesExactlyOneAndZero(int inner)
    {
        // The maximum's own term is e⁰, which must be exactly 1 (the in-box float exp gives 1 + 2⁻²³).
        CheckAxisOfLengthOne<float>(inner);
        CheckAxisOfLengthOne<double>(inner);
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndAgreeWithExpOfLogSoftmax()
    {
        double[] x = Uniform(9, 6 * 45, -30, 30);
        var softmax = new double[x.Length];
        var logSoftmax = new double[x.Length];
        SoftmaxKernel.Softmax<double>(x, softmax, 6, 45, 1);
        SoftmaxKernel.LogSoftmax<double>(x, logSoftmax, 6, 45, 1);
        for (int o = 0; o < 6; o++) Assert.Equal(1.0, softmax.AsSpan(o * 45, 45).ToArray().Sum(), 14);
        for (int i = 0; i < x.Length; i++) Assert.Equal(softmax[i], Math.Exp(logSoftmax[i]), 14);
    }

    private static void CheckAxisOfLengthOne<T>(int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = To<T>(Uniform(inner, 4 * inner, -1e4, 1e4));
        var y = new T[x.Length];
        SoftmaxKernel.Softmax<T>(x, y, 4, 1, inner);
        Assert.All(y, v => Assert.Equal(T.One, v));
        SoftmaxKernel.LogSoftmax<T>(x, y, 4, 1, inner);
        Assert.All(y, v => Assert.Equal(T.Zero, v));
        SoftmaxKernel.LogSumExp<T>(x, y, 4, 1, inner);
        AssertIdentical(x, y);
    }

    private static IEnumerable<double> Repeat(double value, int count, int inner) => Enumerable.Repeat(value, count * inner);

    private static void Apply<T>(Function function, ReadOnlySpan<T> x, Span<T> y, int outer, int length, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (function)
        {
            case Function.Softmax: SoftmaxKernel.Softmax(x, y, outer, length, inner); break;
            case Function.LogSoftmax: SoftmaxKernel.LogSoftmax(x, y, outer, length, inner); break;
            default: SoftmaxKernel.LogSumExp(x, y, outer, length, inner); break;
        }
    }

    private static void Check<T>(Function function, double[] source, int outer, int length, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = To<T>(source);
        var result = new T[function == Function.LogSumExp ? outer * inner : x.Length];
        Apply<T>(function, x, result, outer, length, inner);

        var (expected, scale) = Reference(function, ToDouble(x), outer, length, inner);
        // A sum of `length` terms, an exp or a log, and a couple of subtractions, each within the unit roundoff;
        // softmax values below the smallest normal number may lose all their digits.
        double u = UnitRoundoff<T>(), smallestNormal = Math.ScaleB(1, typeof(T) == typeof(float) ? -126 : -1022);
        AssertWithin(expected, result, i => (length + 8) * u * scale[i] + smallestNormal, $"{function} [{outer}, {length}, {inner}] {typeof(T).Name}");
        Assert.All(result, v => Assert.True(T.IsFinite(v)));
    }

    // The function in double with the maximum subtracted, and per element the magnitude its rounding errors scale with.
    private static (double[] Values, double[] Scale) Reference(Function function, double[] x, int outer, int length, int inner)
    {
        var values = new double[function == Function.LogSumExp ? outer * inner : x.Length];
        var scale = new double[values.Length];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                double max = double.NegativeInfinity;
                for (int k = 0; k < length; k++) max = Math.Max(max, x[(o * length + k) * inner + i]);
                double sum = 0;
                for (int k = 0; k < length; k++) sum += Math.Exp(x[(o * length + k) * inner + i] - max);
                double log = Math.Log(sum);
                if (function == Function.LogSumExp)
                {
                    values[o * inner + i] = max + log;
                    scale[o * inner + i] = Math.Abs(max) + Math.Abs(log) + 1;
                    continue;
                }
                for (int k = 0; k < length; k++)
                {
                    int at = (o * length + k) * inner + i;
                    double shifted = x[at] - max;
                    values[at] = function == Function.Softmax ? Math.Exp(shifted) / sum : shifted - log;
                    // x − max is rounded to T when it is not exact, and exp carries that error into the softmax.
                    scale[at] = function == Function.Softmax ? values[at] * (Math.Abs(shifted) + 1) : Math.Abs(shifted) + Math.Abs(log) + 1;
                }
            }
        }
        return (values, scale);
    }
}
