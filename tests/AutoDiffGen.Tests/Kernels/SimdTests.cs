using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

public class SimdTests
{
    private ref struct TanhBody : IFusedLoopBody<double>
    {
        public ref double X;
        public ref double Y;
        public void BeginRow(nint row) { }
        public void Compute<TSimd>(nint i) where TSimd : struct, ISimd<TSimd, double>
            => TSimd.Store(TSimd.Tanh(TSimd.Load(ref X, i)), ref Y, i);
        public void EndRow(nint row) { }
    }

    private static TSimd TanhOf<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, double> => TSimd.Tanh(x);

    [Fact]
    public void TanhIsAccurateAndTheScalarTailMatchesTheVectorLanes()
    {
        var x = new double[1000];
        var random = new Random(3);
        for (int i = 0; i < x.Length; i++) x[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-9, 3));
        var wide = new double[x.Length];
        var body = new TanhBody { X = ref MemoryMarshal.GetArrayDataReference(x), Y = ref MemoryMarshal.GetArrayDataReference(wide) };
        FusedLoop.Run<double, TanhBody>(ref body, 1, x.Length);

        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(wide[i] - Math.Tanh(x[i])) <= 2e-15 * Math.Max(1e-300, Math.Abs(Math.Tanh(x[i]))) + 1e-300,
                $"tanh({x[i]}) = {wide[i]}, expected {Math.Tanh(x[i])}");
            double lane = TanhOf(SimdScalar<double>.Splat(x[i])).Value.ToScalar();
            Assert.Equal(wide[i], lane);
        }
    }

    private ref struct SingleTanhBody : IFusedLoopBody<float>
    {
        public ref float X;
        public ref float Y;
        public void BeginRow(nint row) { }
        public void Compute<TSimd>(nint i) where TSimd : struct, ISimd<TSimd, float>
            => TSimd.Store(TSimd.Tanh(TSimd.Load(ref X, i)), ref Y, i);
        public void EndRow(nint row) { }
    }

    private static TSimd SingleTanhOf<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, float> => TSimd.Tanh(x);

    [Fact]
    public void FloatTanhIsWithinThreeUlpAndTheScalarTailMatchesTheVectorLanes()
    {
        var random = new Random(5);
        var x = new float[100_003];
        for (int i = 0; i < x.Length; i++) x[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 3)));
        var wide = new float[x.Length];
        var body = new SingleTanhBody { X = ref MemoryMarshal.GetArrayDataReference(x), Y = ref MemoryMarshal.GetArrayDataReference(wide) };
        FusedLoop.Run<float, SingleTanhBody>(ref body, 1, x.Length);

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
}
