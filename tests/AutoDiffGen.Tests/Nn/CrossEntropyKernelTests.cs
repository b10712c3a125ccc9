using System.Numerics;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

public class CrossEntropyKernelTests
{
    // [count, classes] and the logits' range: one class, makemore-sized batches, rows with SIMD tails, and logits of
    // magnitude 1e4, where exp without the maximum subtracted overflows or underflows.
    public static TheoryData<int, int, double> Cases() => new()
    {
        { 1, 1, 3 },
        { 4, 3, 3 },
        { 32, 27, 3 },
        { 7, 67, 3 },
        { 3, 200, 10 },
        { 16, 27, 1e4 },
        { 5, 67, 1e4 },
    };

    [Theory, MemberData(nameof(Cases))]
    public void ForwardMatchesTheDoubleReference(int count, int classes, double magnitude)
    {
        CheckForward<float>(count, classes, magnitude);
        CheckForward<double>(count, classes, magnitude);
    }

    [Theory, MemberData(nameof(Cases))]
    public void BackwardIsSoftmaxMinusOneHotOverTheCount(int count, int classes, double magnitude)
    {
        CheckBackward<float>(count, classes, magnitude);
        CheckBackward<double>(count, classes, magnitude);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    [InlineData(6, 27)]
    [InlineData(3, 67)]
    public void BackwardMatchesFiniteDifferencesOfForward(int count, int classes)
    {
        double[] logits = Uniform(count * classes, count * classes, -3, 3);
        int[] targets = Indices(count, count, classes);
        double Loss(double[] at) => CrossEntropyKernel.Forward<double>(at, targets, new double[count], count, classes);

        var logSumExp = new double[count];
        CrossEntropyKernel.Forward<double>(logits, targets, logSumExp, count, classes);
        double[] dLogits = Sentinel<double>(logits.Length);
        CrossEntropyKernel.Backward<double>(logits, targets, logSumExp, 1.0, dLogits, count, classes);
        AssertMatchesFiniteDifferences(dLogits, Numerical(Loss, logits), $"cross entropy [{count}, {classes}]");
    }

    [Fact]
    public void OneClassHasExactlyZeroLossAndGradient()
    {
        // log Σ over one logit is the logit itself, so both the loss and softmax − onehot vanish exactly.
        CheckOneClass<float>();
        CheckOneClass<double>();
    }

    [Fact]
    public void BackwardMayWriteOverTheLogits()
    {
        const int count = 9, classes = 31;
        double[] logits = Uniform(2, count * classes);
        int[] targets = Indices(3, count, classes);
        var logSumExp = new double[count];
        CrossEntropyKernel.Forward<double>(logits, targets, logSumExp, count, classes);

        var separate = new double[logits.Length];
        CrossEntropyKernel.Backward<double>(logits, targets, logSumExp, 0.5, separate, count, classes);
        var inPlace = (double[])logits.Clone();
        CrossEntropyKernel.Backward<double>(inPlace, targets, logSumExp, 0.5, inPlace, count, classes);
        AssertIdentical(separate, inPlace);
    }

    [Fact]
    public void ABadTargetThrowsBeforeAnythingIsWritten()
    {
        double[] logits = Uniform(1, 4 * 5);
        int[] targets = [0, 4, 5, 1];
        var logSumExp = Sentinel<double>(4);
        var forward = Assert.Throws<ArgumentOutOfRangeException>(() => CrossEntropyKernel.Forward<double>(logits, targets, logSumExp, 4, 5));
        Assert.Equal("targets", forward.ParamName);
        Assert.StartsWith("'targets' holds 5 at position 2, outside [0, 5).", forward.Message);
        AssertUntouched(logSumExp);

        var dLogits = Sentinel<double>(logits.Length);
        var backward = Assert.Throws<ArgumentOutOfRangeException>(() => CrossEntropyKernel.Backward<double>(logits, targets, new double[4], 1.0, dLogits, 4, 5));
        Assert.Equal("targets", backward.ParamName);
        AssertUntouched(dLogits);
    }

    [Theory]
    [InlineData(27, 0)]
    [InlineData(27, 15)]
    [InlineData(27, 16)]   // in the last, overlapping register only
    [InlineData(27, 26)]
    [InlineData(9, 8)]
    [InlineData(3, 1)]
    public void ANaNLogitMakesItsRowsLogSumExpNaNAndNoOtherRows(int classes, int position)
    {
        var logits = new float[2 * classes];
        for (int i = 0; i < logits.Length; i++) logits[i] = (i % 7) - 3;
        logits[classes + position] = float.NaN;
        var logSumExp = new float[2];
        float loss = CrossEntropyKernel.Forward<float>(logits, [1, 2], logSumExp, 2, classes);

        Assert.True(float.IsNaN(loss));
        Assert.True(float.IsFinite(logSumExp[0]));
        Assert.True(float.IsNaN(logSumExp[1]));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(27)]
    [InlineData(40)]
    public void RowsLongerThanARegisterCountEveryClassOnce(int classes)
    {
        // All logits equal: each row's log Σ exp is exactly log(classes) away from the logit, whatever the tail.
        var logits = Enumerable.Repeat(2.5, 3 * classes).ToArray();
        var logSumExp = new double[3];
        double loss = CrossEntropyKernel.Forward<double>(logits, [0, 1, 2], logSumExp, 3, classes);
        Assert.Equal(Math.Log(classes), loss, 1e-14);
        Assert.All(logSumExp, v => Assert.Equal(2.5 + Math.Log(classes), v, 1e-14));
    }

    [Fact]
    public void AnEmptyBatchHasNoMeanAndSpanLengthsAreChecked()
    {
        Assert.True(double.IsNaN(CrossEntropyKernel.Forward<double>([], [], [], 0, 5)));
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => CrossEntropyKernel.Forward<float>(new float[6], [0], new float[2], 2, 3)).ParamName);
        Assert.Equal("logSumExp", Assert.Throws<ArgumentException>(() => CrossEntropyKernel.Forward<float>(new float[6], [0, 1], new float[3], 2, 3)).ParamName);
        var buffer = new float[8];
        Assert.Equal("logSumExp", Assert.Throws<ArgumentException>(() => CrossEntropyKernel.Forward<float>(buffer.AsSpan(0, 6), [0, 1], buffer.AsSpan(5, 2), 2, 3)).ParamName);
        Assert.Equal("dLogits", Assert.Throws<ArgumentException>(() => CrossEntropyKernel.Backward<float>(buffer.AsSpan(0, 6), [0, 1], new float[2], 1f, buffer.AsSpan(1, 6), 2, 3)).ParamName);
    }

    private static void CheckOneClass<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] logits = To<T>(Uniform(1, 5, -50, 50));
        int[] targets = new int[5];
        var logSumExp = new T[5];
        Assert.Equal(T.Zero, CrossEntropyKernel.Forward<T>(logits, targets, logSumExp, 5, 1));
        AssertIdentical(logits, logSumExp);
        var dLogits = Sentinel<T>(5);
        CrossEntropyKernel.Backward<T>(logits, targets, logSumExp, T.One, dLogits, 5, 1);
        Assert.All(dLogits, v => Assert.Equal(T.Zero, v));
    }

    private static double[] Logits(int count, int classes, double magnitude) => Uniform(count * 1000 + classes, count * classes, -magnitude, magnitude);

    private static void CheckForward<T>(int count, int classes, double magnitude) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] logits = To<T>(Logits(count, classes, magnitude));
        int[] targets = Indices(classes, count, classes);
        var logSumExp = new T[count];
        T loss = CrossEntropyKernel.Forward<T>(logits, targets, logSumExp, count, classes);
        Assert.True(T.IsFinite(loss));

        double[] x = ToDouble(logits);
        double[] expectedLogSumExp = new double[count];
        double expectedLoss = 0, scale = 0;
        for (int r = 0; r < count; r++)
        {
            var row = x.AsSpan(r * classes, classes);
            double max = row.ToArray().Max();
            double log = Math.Log(row.ToArray().Sum(v => Math.Exp(v - max)));
            expectedLogSumExp[r] = max + log;
            expectedLoss += (max - row[targets[r]] + log) / count;
            scale = Math.Max(scale, Math.Abs(max - row[targets[r]]) + log + 1);
        }
        double u = UnitRoundoff<T>();
        AssertWithin(expectedLogSumExp, logSumExp, i => (classes + 4) * u * (Math.Abs(expectedLogSumExp[i]) + 1), "logSumExp");
        AssertWithin([expectedLoss], [loss], _ => (classes + count + 4) * u * scale, "loss");
    }

    private static void CheckBackward<T>(int count, int classes, double magnitude) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] logits = To<T>(Logits(count, classes, magnitude));
        int[] targets = Indices(classes + 1, count, classes);
        var logSumExp = new T[count];
        CrossEntropyKernel.Forward<T>(logits, targets, logSumExp, count, classes);
        T gradient = T.CreateTruncating(0.75);
        var dLogits = Sentinel<T>(logits.Length);
        CrossEntropyKernel.Backward<T>(logits, targets, logSumExp, gradient, dLogits, count, classes);
        Assert.All(dLogits, v => Assert.True(T.IsFinite(v)));

        // 0.75 · (softmax − onehot) / count, with the softmax in double.
        double[] x = ToDouble(logits);
        var expected = new double[x.Length];
        for (int r = 0; r < count; r++)
        {
            double max = x.AsSpan(r * classes, classes).ToArray().Max();
            double sum = x.AsSpan(r * classes, classes).ToArray().Sum(v => Math.Exp(v - max));
            for (int c = 0; c < classes; c++)
            {
                double softmax = Math.Exp(x[r * classes + c] - max) / sum;
                expected[r * classes + c] = 0.75 * (softmax - (c == targets[r] ? 1 : 0)) / count;
            }
        }
        // exp(x − logSumExp) inherits the absolute error of logSumExp, which grows with the logits' magnitude.
        double u = UnitRoundoff<T>();
        AssertWithin(expected, dLogits, i => (classes + 8) * u * (magnitude + 1) * (Math.Abs(expected[i]) + 1.0 / count),
            $"dLogits [{count}, {classes}] {typeof(T).Name}");
    }
}
