using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>The SIMD erf behind the exact GELU, at every register width, against values computed to 40 digits.</summary>
public class ErfTests
{
    // erf(x) by mpmath at 40 digits, rounded to double: points in each piece of the approximation and at its seams.
    public static TheoryData<double, double> Values() => new()
    {
        { 0.0, 0.0 },
        { 0.01, 0.011283415555849616 },
        { 0.5, 0.5204998778130465 },
        { 1.0, 0.8427007929497149 },
        { 1.7, 0.9837904585907745 },
        { 2.0, 0.9953222650189527 },
        { 3.0, 0.9999779095030014 },
        { 3.5, 0.9999992569016276 },
        { 4.5, 0.9999999998033839 },
        { 5.0, 0.9999999999984626 },
        { 5.9, 0.9999999999999999 },
        { 7.0, 1.0 },
    };

    [Theory, MemberData(nameof(Values))]
    public void DoubleIsWithinAFewUlps(double x, double expected)
    {
        foreach (double value in new[] { Erf<Simd512<double>>(x), Erf<Simd256<double>>(x), Erf<SimdScalar<double>>(x) })
        {
            Assert.True(Math.Abs(value - expected) <= 4e-16 * Math.Max(Math.Abs(expected), 1e-300), $"erf({x}) = {value:R}, expected {expected:R}");
            Assert.Equal(-value, Erf<SimdScalar<double>>(-x));
        }
    }

    [Theory, MemberData(nameof(Values))]
    public void FloatIsWithinAFewUlps(double x, double expected)
    {
        float value = Erf<Simd512<float>, float>((float)x);
        Assert.True(Math.Abs(value - expected) <= 3e-7 * Math.Max(Math.Abs(expected), 1e-30), $"erf({x}) = {value:R}, expected {expected:R}");
    }

    [Fact]
    public void InfinitiesAndNaN()
    {
        Assert.Equal(1.0, Erf<SimdScalar<double>>(double.PositiveInfinity));
        Assert.Equal(-1.0, Erf<SimdScalar<double>>(double.NegativeInfinity));
        Assert.True(double.IsNaN(Erf<SimdScalar<double>>(double.NaN)));
        Assert.True(double.IsNaN(Erf<Simd512<double>>(double.NaN)));
    }

    private static double Erf<TSimd>(double x) where TSimd : struct, ISimd<TSimd, double> => Erf<TSimd, double>(x);

    private static T Erf<TSimd, T>(T x) where TSimd : struct, ISimd<TSimd, T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (!TSimd.IsHardwareAccelerated && typeof(TSimd) != typeof(SimdScalar<T>)) return Erf<SimdScalar<T>, T>(x);
        var lanes = new T[TSimd.Count];
        TSimd.Store(TSimd.Erf(TSimd.Splat(x)), ref lanes[0], 0);
        Assert.All(lanes, lane => Assert.Equal(lanes[0], lane));
        return lanes[0];
    }
}
