using System.Numerics;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

public class BatchNormKernelTests
{
    private const double Epsilon = 1e-5;

    // [count, features] × correction: features across full registers and tails, batches from the smallest allowed.
    public static TheoryData<int, int, int> Cases()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int correction in new[] { 0, 1 })
        {
            data.Add(3, 1, correction);
            data.Add(5, 3, correction);
            data.Add(32, 67, correction);
            data.Add(7, 16, correction);
            data.Add(64, 5, correction);
            data.Add(4, 200, correction);
        }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void ForwardMatchesTheDoubleReference(int count, int features, int correction)
    {
        CheckForward<float>(Uniform(count + features, count * features), count, features, correction);
        CheckForward<double>(Uniform(count + features, count * features), count, features, correction);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TheVarianceIsComputedFromDeviationsNotFromMeanSquares(int correction)
    {
        // Around 1000 with a spread of 0.01: E[x²] − E[x]² cancels every digit a float has; (x − mean)² keeps them.
        double[] x = Array.ConvertAll(Uniform(5, 40 * 3), v => 1000 + 0.01 * v);
        CheckForward<float>(x, 40, 3, correction);
        CheckForward<double>(Array.ConvertAll(x, v => v + 1e8), 40, 3, correction);
    }

    [Theory, MemberData(nameof(Cases))]
    public void ClosedFormBackwardMatchesFiniteDifferences(int count, int features, int correction)
    {
        double[] x = Uniform(count * 3 + features, count * features);
        double[] gain = Uniform(features + 1, features, 0.5, 2);
        double[] bias = Uniform(features + 2, features);
        double[] weights = Uniform(count + 3, count * features);
        double Loss(double[] at, double[] atGain, double[] atBias)
        {
            var y = new double[at.Length];
            BatchNormKernel.Forward<double>(at, atGain, atBias, y, new double[at.Length], new double[features], count, features, Epsilon, correction);
            return Weighted(y, weights);
        }

        var (dx, dGain, dBias) = Backward(x, gain, bias, weights, count, features, correction);
        string what = $"batch norm [{count}, {features}] correction {correction}";
        AssertMatchesFiniteDifferences(dx, Numerical(at => Loss(at, gain, bias), x), what + " dx");
        AssertMatchesFiniteDifferences(dGain, Numerical(at => Loss(x, at, bias), gain), what + " dGain");
        AssertMatchesFiniteDifferences(dBias, Numerical(at => Loss(x, gain, at), bias), what + " dBias");
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    public void AnEmptyOutputIsSkippedAndTheOthersAreUnchanged(bool wantDx, bool wantDGain, bool wantDBias)
    {
        const int count = 9, features = 21, correction = 1;
        double[] x = Uniform(1, count * features), gain = Uniform(2, features), bias = Uniform(3, features), g = Uniform(4, count * features);
        var (dx, dGain, dBias) = Backward(x, gain, bias, g, count, features, correction);

        var (xhat, invStd) = Statistics(x, gain, bias, count, features, correction);
        double[] someDx = wantDx ? new double[dx.Length] : [];
        double[] someDGain = wantDGain ? new double[features] : [];
        double[] someDBias = wantDBias ? new double[features] : [];
        BatchNormKernel.Backward<double>(g, xhat, invStd, gain, someDx, someDGain, someDBias, count, features, correction);
        if (wantDx) AssertIdentical(dx, someDx);
        if (wantDGain) AssertIdentical(dGain, someDGain);
        if (wantDBias) AssertIdentical(dBias, someDBias);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    [InlineData(2, 3)]
    public void TheBatchMustExceedTheCorrection(int count, int correction)
    {
        var exception = Assert.Throws<ArgumentException>(() => BatchNormKernel.Forward<double>(
            new double[count * 2], new double[2], new double[2], new double[count * 2], new double[count * 2], new double[2], count, 2, Epsilon, correction));
        Assert.Equal("count", exception.ParamName);
        Assert.Throws<ArgumentException>(() => BatchNormKernel.Backward<double>(
            new double[count * 2], new double[count * 2], new double[2], new double[2], new double[count * 2], [], [], count, 2, correction));
    }

    [Fact]
    public void SpanLengthsAndOverlapsAreChecked()
    {
        var x = new float[12];
        Assert.Equal("gain", Assert.Throws<ArgumentException>(() => BatchNormKernel.Forward<float>(x, new float[2], new float[3], new float[12], new float[12], new float[3], 4, 3, 1e-5f, 0)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => BatchNormKernel.Forward<float>(x, new float[3], new float[3], x, new float[12], new float[3], 4, 3, 1e-5f, 0)).ParamName);
        Assert.Equal("invStd", Assert.Throws<ArgumentException>(() => BatchNormKernel.Forward<float>(x, new float[3], new float[3], new float[12], new float[12], new float[4], 4, 3, 1e-5f, 0)).ParamName);
        Assert.Equal("dGain", Assert.Throws<ArgumentException>(() => BatchNormKernel.Backward<float>(x, new float[12], new float[3], new float[3], [], new float[2], [], 4, 3, 0)).ParamName);
        var both = new float[3];
        Assert.Equal("dGain", Assert.Throws<ArgumentException>(() => BatchNormKernel.Backward<float>(x, new float[12], new float[3], new float[3], [], both, both, 4, 3, 0)).ParamName);
        Assert.Throws<ArgumentException>(() => BatchNormKernel.Forward<float>(x, new float[3], new float[3], new float[12], new float[12], new float[3], 4, 3, 1e-5f, -1));
    }

    private static (double[] Xhat, double[] InvStd) Statistics(double[] x, double[] gain, double[] bias, int count, int features, int correction)
    {
        var xhat = new double[x.Length];
        var invStd = new double[features];
        BatchNormKernel.Forward<double>(x, gain, bias, new double[x.Length], xhat, invStd, count, features, Epsilon, correction);
        return (xhat, invStd);
    }

    private static (double[] Dx, double[] DGain, double[] DBias) Backward(double[] x, double[] gain, double[] bias, double[] g, int count, int features, int correction)
    {
        var (xhat, invStd) = Statistics(x, gain, bias, count, features, correction);
        double[] dx = Sentinel<double>(x.Length), dGain = Sentinel<double>(features), dBias = Sentinel<double>(features);
        BatchNormKernel.Backward<double>(g, xhat, invStd, gain, dx, dGain, dBias, count, features, correction);
        return (dx, dGain, dBias);
    }

    private static void CheckForward<T>(double[] source, int count, int features, int correction) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = To<T>(source);
        T[] gain = To<T>(Uniform(features, features, 0.5, 2)), bias = To<T>(Uniform(features + 1, features));
        var y = Sentinel<T>(x.Length);
        var xhat = Sentinel<T>(x.Length);
        var invStd = Sentinel<T>(features);
        BatchNormKernel.Forward<T>(x, gain, bias, y, xhat, invStd, count, features, T.CreateTruncating(Epsilon), correction);

        double[] seen = ToDouble(x), g = ToDouble(gain), b = ToDouble(bias);
        double[] expectedXhat = new double[x.Length], expectedY = new double[x.Length], expectedInvStd = new double[features];
        for (int f = 0; f < features; f++)
        {
            double mean = 0;
            for (int r = 0; r < count; r++) mean += seen[r * features + f];
            mean /= count;
            double squares = 0;
            for (int r = 0; r < count; r++) squares += Math.Pow(seen[r * features + f] - mean, 2);
            expectedInvStd[f] = 1 / Math.Sqrt(squares / (count - correction) + double.CreateTruncating(T.CreateTruncating(Epsilon)));
            for (int r = 0; r < count; r++)
            {
                int at = r * features + f;
                expectedXhat[at] = (seen[at] - mean) * expectedInvStd[f];
                expectedY[at] = g[f] * expectedXhat[at] + b[f];
            }
        }

        // The mean's rounding error, relative to the spread, is what normalization magnifies: count · u · |x| / std.
        double u = UnitRoundoff<T>();
        double Relative(int f)
        {
            double largest = 0;
            for (int r = 0; r < count; r++) largest = Math.Max(largest, Math.Abs(seen[r * features + f]));
            return (count + 8) * u * (1 + largest * expectedInvStd[f]);
        }
        string what = $"[{count}, {features}] correction {correction} {typeof(T).Name}";
        AssertWithin(expectedInvStd, invStd, f => Relative(f) * expectedInvStd[f], what + " invStd");
        AssertWithin(expectedXhat, xhat, i => Relative(i % features) * (Math.Abs(expectedXhat[i]) + 1), what + " xhat");
        AssertWithin(expectedY, y, i => Relative(i % features) * (Math.Abs(g[i % features]) * (Math.Abs(expectedXhat[i]) + 1) + Math.Abs(b[i % features])), what + " y");
    }
}
