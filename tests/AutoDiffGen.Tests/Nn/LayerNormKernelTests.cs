using System.Numerics;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

public class LayerNormKernelTests
{
    private const double Epsilon = 1e-5;

    // [rows, features]: rows of one feature, of full registers, with tails, and long enough for rounding to matter.
    public static TheoryData<int, int> Sizes() => new()
    {
        { 1, 1 },
        { 1, 2 },
        { 5, 3 },
        { 4, 16 },
        { 6, 67 },
        { 3, 300 },
        { 33, 10 },
    };

    // Rows enough to be split between the threads.
    public static TheoryData<int, int> LargeSizes() => new()
    {
        { 256, 768 },
        { 130, 300 },
    };

    [Theory, MemberData(nameof(Sizes)), MemberData(nameof(LargeSizes))]
    public void ForwardMatchesTheDoubleReference(int rows, int features)
    {
        CheckForward<float>(Uniform(rows + features, rows * features), rows, features);
        CheckForward<double>(Uniform(rows + features, rows * features), rows, features);
    }

    [Fact]
    public void TheVarianceIsComputedFromDeviationsNotFromMeanSquares()
    {
        double[] x = Array.ConvertAll(Uniform(5, 3 * 40), v => 1000 + 0.01 * v);
        CheckForward<float>(x, 3, 40);
        CheckForward<double>(Array.ConvertAll(x, v => v + 1e8), 3, 40);
    }

    [Theory, MemberData(nameof(Sizes))]
    public void ClosedFormBackwardMatchesFiniteDifferences(int rows, int features)
    {
        double[] x = Uniform(rows * 3 + features, rows * features);
        double[] gain = Uniform(features + 1, features, 0.5, 2);
        double[] bias = Uniform(features + 2, features);
        double[] weights = Uniform(rows + 3, rows * features);
        double Loss(double[] at, double[] atGain, double[] atBias)
        {
            var y = new double[at.Length];
            LayerNormKernel.Forward<double>(at, atGain, atBias, y, new double[at.Length], new double[rows], rows, features, Epsilon);
            return Weighted(y, weights);
        }

        var (dx, dGain, dBias) = Backward(x, gain, bias, weights, rows, features);
        string what = $"layer norm [{rows}, {features}]";
        // A row of one feature normalizes to zero whatever x is, so its dx is zero up to rounding: nothing to compare.
        if (features > 1) AssertMatchesFiniteDifferences(dx, Numerical(at => Loss(at, gain, bias), x), what + " dx");
        AssertMatchesFiniteDifferences(dGain, Numerical(at => Loss(x, at, bias), gain), what + " dGain");
        AssertMatchesFiniteDifferences(dBias, Numerical(at => Loss(x, gain, at), bias), what + " dBias");
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    public void AnEmptyOutputIsSkippedAndTheOthersAreUnchanged(bool wantDx, bool wantDGain, bool wantDBias)
    {
        const int rows = 7, features = 37;
        double[] x = Uniform(1, rows * features), gain = Uniform(2, features), bias = Uniform(3, features), g = Uniform(4, rows * features);
        var (dx, dGain, dBias) = Backward(x, gain, bias, g, rows, features);

        var (xhat, invStd) = Statistics(x, gain, bias, rows, features);
        double[] someDx = wantDx ? new double[dx.Length] : [];
        double[] someDGain = wantDGain ? Sentinel<double>(features) : [];
        double[] someDBias = wantDBias ? Sentinel<double>(features) : [];
        LayerNormKernel.Backward<double>(g, xhat, invStd, gain, someDx, someDGain, someDBias, rows, features);
        if (wantDx) AssertIdentical(dx, someDx);
        if (wantDGain) AssertIdentical(dGain, someDGain);
        if (wantDBias) AssertIdentical(dBias, someDBias);
    }

    [Fact]
    public void ARowNeedsAFeatureAndSpanLengthsAndOverlapsAreChecked()
    {
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => LayerNormKernel.Forward<float>([], [], [], [], [], new float[2], 2, 0, 1e-5f)).ParamName);
        LayerNormKernel.Forward<float>([], new float[3], new float[3], [], [], [], 0, 3, 1e-5f);

        var x = new float[12];
        Assert.Equal("invStd", Assert.Throws<ArgumentException>(() => LayerNormKernel.Forward<float>(x, new float[3], new float[3], new float[12], new float[12], new float[3], 4, 3, 1e-5f)).ParamName);
        Assert.Equal("xhat", Assert.Throws<ArgumentException>(() => LayerNormKernel.Forward<float>(x, new float[3], new float[3], new float[12], x, new float[4], 4, 3, 1e-5f)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => LayerNormKernel.Backward<float>(x, new float[12], new float[4], new float[3], new float[11], [], [], 4, 3)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => LayerNormKernel.Backward<float>(x, new float[12], new float[4], new float[3], x, [], [], 4, 3)).ParamName);
    }

    private static (double[] Xhat, double[] InvStd) Statistics(double[] x, double[] gain, double[] bias, int rows, int features)
    {
        var xhat = new double[x.Length];
        var invStd = new double[rows];
        LayerNormKernel.Forward<double>(x, gain, bias, new double[x.Length], xhat, invStd, rows, features, Epsilon);
        return (xhat, invStd);
    }

    private static (double[] Dx, double[] DGain, double[] DBias) Backward(double[] x, double[] gain, double[] bias, double[] g, int rows, int features)
    {
        var (xhat, invStd) = Statistics(x, gain, bias, rows, features);
        double[] dx = Sentinel<double>(x.Length), dGain = Sentinel<double>(features), dBias = Sentinel<double>(features);
        LayerNormKernel.Backward<double>(g, xhat, invStd, gain, dx, dGain, dBias, rows, features);
        return (dx, dGain, dBias);
    }

    private static void CheckForward<T>(double[] source, int rows, int features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] x = To<T>(source);
        T[] gain = To<T>(Uniform(features, features, 0.5, 2)), bias = To<T>(Uniform(features + 1, features));
        var y = Sentinel<T>(x.Length);
        var xhat = Sentinel<T>(x.Length);
        var invStd = Sentinel<T>(rows);
        LayerNormKernel.Forward<T>(x, gain, bias, y, xhat, invStd, rows, features, T.CreateTruncating(Epsilon));

        double[] seen = ToDouble(x), g = ToDouble(gain), b = ToDouble(bias);
        double[] expectedXhat = new double[x.Length], expectedY = new double[x.Length], expectedInvStd = new double[rows];
        double[] relative = new double[rows];
        double u = UnitRoundoff<T>();
        for (int r = 0; r < rows; r++)
        {
            var row = seen.AsSpan(r * features, features).ToArray();
            double mean = row.Sum() / features;
            double variance = row.Sum(v => (v - mean) * (v - mean)) / features;
            expectedInvStd[r] = 1 / Math.Sqrt(variance + double.CreateTruncating(T.CreateTruncating(Epsilon)));
            // The mean's rounding error, relative to the spread, is what normalization magnifies.
            relative[r] = (features + 8) * u * (1 + row.Max(Math.Abs) * expectedInvStd[r]);
            for (int f = 0; f < features; f++)
            {
                int at = r * features + f;
                expectedXhat[at] = (seen[at] - mean) * expectedInvStd[r];
                expectedY[at] = g[f] * expectedXhat[at] + b[f];
            }
        }

        string what = $"[{rows}, {features}] {typeof(T).Name}";
        AssertWithin(expectedInvStd, invStd, r => relative[r] * expectedInvStd[r], what + " invStd");
        AssertWithin(expectedXhat, xhat, i => relative[i / features] * (Math.Abs(expectedXhat[i]) + 1), what + " xhat");
        AssertWithin(expectedY, y, i => relative[i / features] * (Math.Abs(g[i % features]) * (Math.Abs(expectedXhat[i]) + 1) + Math.Abs(b[i % features])), what + " y");
    }
}
