using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

public class SimdTests
{
    private interface IUnary
    {
        static abstract TSimd Apply<TSimd, T>(TSimd x) where TSimd : struct, ISimd<TSimd, T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>;
    }

    private readonly struct TanhFunction : IUnary
    {
        public static TSimd Apply<TSimd, T>(TSimd x) where TSimd : struct, ISimd<TSimd, T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => TSimd.Tanh(x);
    }

    private readonly struct ExpFunction : IUnary
    {
        public static TSimd Apply<TSimd, T>(TSimd x) where TSimd : struct, ISimd<TSimd, T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => TSimd.Exp(x);
    }

    private ref struct UnaryBody<T, TFunction> : IFusedLoopBody<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> where TFunction : IUnary
    {
        public ref T X;
        public ref T Y;
        public void BeginRow(nint row) { }
        public void Compute<TSimd>(nint i) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TFunction.Apply<TSimd, T>(TSimd.Load(ref X, i)), ref Y, i);
        public void EndRow(nint row) { }
    }

    /// <summary>The function over every element through the fused-loop driver: full registers, then the scalar tail.</summary>
    private static T[] Through<T, TFunction>(T[] x) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> where TFunction : IUnary
    {
        var y = new T[x.Length];
        var body = new UnaryBody<T, TFunction> { X = ref MemoryMarshal.GetArrayDataReference(x), Y = ref MemoryMarshal.GetArrayDataReference(y) };
        FusedLoop.Run<T, UnaryBody<T, TFunction>>(ref body, 1, x.Length);
        return y;
    }

    private static TSimd TanhOf<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, double> => TSimd.Tanh(x);

    [Fact]
    public void TanhIsAccurateAndTheScalarTailMatchesTheVectorLanes()
    {
        var x = new double[1000];
        var random = new Random(3);
        for (int i = 0; i < x.Length; i++) x[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-9, 3));
        var wide = Through<double, TanhFunction>(x);

        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(wide[i] - Math.Tanh(x[i])) <= 2e-15 * Math.Max(1e-300, Math.Abs(Math.Tanh(x[i]))) + 1e-300,
                $"tanh({x[i]}) = {wide[i]}, expected {Math.Tanh(x[i])}");
            double lane = TanhOf(SimdScalar<double>.Splat(x[i])).Value.ToScalar();
            Assert.Equal(wide[i], lane);
        }
    }

    private static TSimd SingleTanhOf<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, float> => TSimd.Tanh(x);

    [Fact]
    public void FloatTanhIsWithinThreeUlpAndTheScalarTailMatchesTheVectorLanes()
    {
        var random = new Random(5);
        var x = new float[100_003];
        for (int i = 0; i < x.Length; i++) x[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 3)));
        var wide = Through<float, TanhFunction>(x);

        for (int i = 0; i < x.Length; i++)
        {
            float expected = (float)Math.Tanh(x[i]);
            float ulp = MathF.BitIncrement(MathF.Abs(expected)) - MathF.Abs(expected);
            Assert.True(Math.Abs(wide[i] - Math.Tanh(x[i])) <= 3 * ulp, $"tanh({x[i]:R}) = {wide[i]:R}, expected {expected:R}");
            Assert.Equal(wide[i], SingleTanhOf(SimdScalar<float>.Splat(x[i])).Value.ToScalar());
        }
        Assert.Equal(int.MinValue, BitConverter.SingleToInt32Bits(SingleTanhOf(Simd512<float>.Splat(-0f)).Value.ToScalar()));
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(1e-30f, 1e-30f)]
    [InlineData(-1e-40f, -1e-40f)]
    [InlineData(20f, 1f)]
    [InlineData(-1e30f, -1f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, -1f)]
    [InlineData(float.NaN, float.NaN)]
    public void FloatTanhOfSpecialValues(float x, float expected)
    {
        float actual = SingleTanhOf(Simd512<float>.Splat(x)).Value.ToScalar();
        Assert.Equal(BitConverter.SingleToInt32Bits(expected) & (float.IsNaN(expected) ? 0 : -1), BitConverter.SingleToInt32Bits(actual) & (float.IsNaN(expected) ? 0 : -1));
        Assert.Equal(float.IsNaN(expected), float.IsNaN(actual));
        Assert.Equal(actual, SingleTanhOf(SimdScalar<float>.Splat(x)).Value.ToScalar());
    }

    private static TSimd SingleExpOf<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, float> => TSimd.Exp(x);

    [Fact]
    public void FloatExpIsWithinTwoUlpAcrossItsRangeAndTheScalarTailMatchesTheVectorLanes()
    {
        // Every 97th float from 10⁻³⁰ in magnitude up to 104 below zero and 89 above, subnormal results and overflow included.
        var x = new List<float>();
        for (float v = 1e-30f; v < 104f; v = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v) + 97))
        {
            x.Add(-v);
            if (v < 89f) x.Add(v);
        }
        var input = x.ToArray();
        var wide = Through<float, ExpFunction>(input);

        double worst = 0;
        for (int i = 0; i < input.Length; i++)
        {
            double exact = Math.Exp(input[i]);
            float rounded = (float)exact;
            if (float.IsPositiveInfinity(rounded))
            {
                Assert.True(float.IsPositiveInfinity(wide[i]), $"exp({input[i]:R}) = {wide[i]:R}, expected +∞");
                continue;
            }
            double ulp = MathF.BitIncrement(rounded) - rounded;
            double error = Math.Abs(wide[i] - exact) / ulp;
            worst = Math.Max(worst, error);
            Assert.True(error <= 2, $"exp({input[i]:R}) = {wide[i]:R}, expected {rounded:R} ({error:F2} ulp)");
            Assert.Equal(wide[i], SingleExpOf(SimdScalar<float>.Splat(input[i])).Value.ToScalar());
        }
        Assert.True(worst > 0.4, "the sweep reached values that round");
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(1f, 2.7182817f)]
    [InlineData(88.72283f, 3.402798e38f)]
    [InlineData(88.7229f, float.PositiveInfinity)]
    [InlineData(1000f, float.PositiveInfinity)]
    [InlineData(float.PositiveInfinity, float.PositiveInfinity)]
    [InlineData(-103.28f, 1.4e-45f)]
    [InlineData(-104f, 0f)]
    [InlineData(-1000f, 0f)]
    [InlineData(float.NegativeInfinity, 0f)]
    [InlineData(float.NaN, float.NaN)]
    public void FloatExpOfSpecialValues(float x, float expected)
    {
        float actual = SingleExpOf(Simd512<float>.Splat(x)).Value.ToScalar();
        if (float.IsNaN(expected)) Assert.True(float.IsNaN(actual));
        else if (float.IsInfinity(expected) || expected == 0 || expected < 1e-44f) Assert.Equal(expected, actual);
        else Assert.Equal((float)Math.Exp(x), actual, 2 * (MathF.BitIncrement(expected) - expected));
        Assert.Equal(actual, SingleExpOf(SimdScalar<float>.Splat(x)).Value.ToScalar());
        Assert.Equal(actual, SingleExpOf(Simd256<float>.Splat(x)).Value.ToScalar());
    }

    private static T ExpOfZero<T, TSimd>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> where TSimd : struct, ISimd<TSimd, T>
        => TSimd.MaxAcross(TSimd.Exp(TSimd.Splat(T.Zero)));

    [Fact]
    public void ExpOfZeroIsExactlyOneAtEveryWidth()
    {
        Assert.Equal(1f, ExpOfZero<float, SimdScalar<float>>());
        Assert.Equal(1.0, ExpOfZero<double, SimdScalar<double>>());
        Assert.Equal(1f, ExpOfZero<float, Simd128<float>>());
        Assert.Equal(1.0, ExpOfZero<double, Simd128<double>>());
        if (Vector256.IsHardwareAccelerated)
        {
            Assert.Equal(1f, ExpOfZero<float, Simd256<float>>());
            Assert.Equal(1.0, ExpOfZero<double, Simd256<double>>());
        }
        if (Vector512.IsHardwareAccelerated)
        {
            Assert.Equal(1f, ExpOfZero<float, Simd512<float>>());
            Assert.Equal(1.0, ExpOfZero<double, Simd512<double>>());
        }
    }

    private static T MaxAcrossOf<T, TSimd>(T[] lanes)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
        => TSimd.MaxAcross(TSimd.Load(in lanes[0], 0));

    private static void CheckMaxAcross<T, TSimd>()
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        var random = new Random(5);
        var lanes = new T[TSimd.Count];
        for (int trial = 0; trial < 200; trial++)
        {
            for (int i = 0; i < lanes.Length; i++) lanes[i] = T.CreateChecked(random.NextDouble() * 200 - 100);
            T expected = lanes[0];
            foreach (T lane in lanes) expected = T.Max(expected, lane);
            Assert.Equal(expected, MaxAcrossOf<T, TSimd>(lanes));
        }
        for (int nan = 0; nan < lanes.Length; nan++)
        {
            for (int i = 0; i < lanes.Length; i++) lanes[i] = T.CreateChecked(i);
            lanes[nan] = T.NaN;
            Assert.True(T.IsNaN(MaxAcrossOf<T, TSimd>(lanes)), $"NaN in lane {nan} of {typeof(TSimd).Name}");
        }
        Array.Fill(lanes, T.NegativeInfinity);
        Assert.Equal(T.NegativeInfinity, MaxAcrossOf<T, TSimd>(lanes));
        Array.Fill(lanes, T.NegativeZero);
        lanes[^1] = T.Zero;
        Assert.True(T.IsPositive(MaxAcrossOf<T, TSimd>(lanes)), "+0 is larger than −0");
    }

    [Fact]
    public void MaxAcrossFindsTheLargestLaneAndPropagatesNaNAtEveryWidth()
    {
        CheckMaxAcross<float, SimdScalar<float>>();
        CheckMaxAcross<double, SimdScalar<double>>();
        CheckMaxAcross<float, Simd128<float>>();
        CheckMaxAcross<double, Simd128<double>>();
        if (Vector256.IsHardwareAccelerated)
        {
            CheckMaxAcross<float, Simd256<float>>();
            CheckMaxAcross<double, Simd256<double>>();
        }
        if (Vector512.IsHardwareAccelerated)
        {
            CheckMaxAcross<float, Simd512<float>>();
            CheckMaxAcross<double, Simd512<double>>();
        }
    }
}
