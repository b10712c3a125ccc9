using System.Numerics;
using AutoDiffGen.Tests.Gradients;

namespace AutoDiffGen.Tests.Nn;

/// <summary>Random inputs for the kernels, conversions, and central finite differences over plain arrays.</summary>
internal static class NnTestData
{
    /// <summary><paramref name="length"/> values uniform in [low, high).</summary>
    public static double[] Uniform(int seed, int length, double low = -2, double high = 2)
    {
        var random = new Random(seed);
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = low + (high - low) * random.NextDouble();
        return values;
    }

    /// <summary>
    /// <paramref name="length"/> distinct values in about [-2, 2), at least 1e-3 apart: a finite difference step
    /// never changes which one is largest.
    /// </summary>
    public static double[] Distinct(int seed, int length)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, length).OrderBy(_ => random.Next()).ToArray();
        return Array.ConvertAll(order, k => -2 + 4.0 * k / Math.Max(length, 1) + 1e-4 * random.NextDouble());
    }

    /// <summary><paramref name="count"/> indices uniform in [0, limit).</summary>
    public static int[] Indices(int seed, int count, int limit)
    {
        var random = new Random(seed);
        var indices = new int[count];
        for (int i = 0; i < count; i++) indices[i] = random.Next(limit);
        return indices;
    }

    /// <summary>The values rounded to <typeparamref name="T"/>.</summary>
    public static T[] To<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T>
        => Array.ConvertAll(values, T.CreateTruncating);

    /// <summary>The values as doubles.</summary>
    public static double[] ToDouble<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T>
        => Array.ConvertAll(values, double.CreateTruncating);

    /// <summary>The values rounded to <typeparamref name="T"/> and back: what a kernel over <typeparamref name="T"/> actually sees.</summary>
    public static double[] Rounded<T>(double[] values) where T : unmanaged, IFloatingPointIeee754<T>
        => ToDouble(To<T>(values));

    /// <summary>The unit roundoff of <typeparamref name="T"/>: 2⁻²⁴ for float, 2⁻⁵³ for double.</summary>
    public static double UnitRoundoff<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53);

    /// <summary>Σ values ⊙ weights: the scalar whose gradient a backward kernel computes when given the weights.</summary>
    public static double Weighted(double[] values, double[] weights)
    {
        Assert.Equal(weights.Length, values.Length);
        double sum = 0;
        for (int i = 0; i < values.Length; i++) sum += values[i] * weights[i];
        return sum;
    }

    /// <summary>∂f/∂x by central differences.</summary>
    public static double[] Numerical(Func<double[], double> f, double[] x) => GradientCheck.Numerical(f, x);

    /// <summary>Asserts that a whole gradient is within 1e-6 of central differences, relative to its largest element.</summary>
    public static void AssertMatchesFiniteDifferences(double[] actual, double[] numerical, string what)
        => GradientCheck.AssertClose(actual, numerical, 1e-6, what);

    /// <summary>Asserts <c>|actual[i] − expected[i]| ≤ tolerance(i)</c> for every element; NaN and infinities must match exactly.</summary>
    public static void AssertWithin<T>(double[] expected, T[] actual, Func<int, double> tolerance, string what = "")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double value = double.CreateTruncating(actual[i]);
            if (!double.IsFinite(expected[i]))
            {
                Assert.True(expected[i].Equals(value), $"{what} element {i}: expected {expected[i]}, got {value}");
                continue;
            }
            double error = Math.Abs(value - expected[i]);
            Assert.True(error <= tolerance(i),
                $"{what} element {i}: expected {expected[i]:R}, got {value:R} (error {error:E2}, tolerance {tolerance(i):E2})");
        }
    }

    /// <summary>Asserts two arrays hold the same bits, element by element.</summary>
    public static void AssertIdentical<T>(T[] expected, T[] actual, string what = "") where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            // Through double, which holds every float exactly with its sign of zero: Equals would take -0 for +0.
            long wanted = BitConverter.DoubleToInt64Bits(double.CreateTruncating(expected[i]));
            long got = BitConverter.DoubleToInt64Bits(double.CreateTruncating(actual[i]));
            Assert.True(wanted == got, $"{what} element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    /// <summary>An array of <paramref name="length"/> copies of a value no kernel computes, to see what was written.</summary>
    public static T[] Sentinel<T>(int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[length];
        Array.Fill(values, T.CreateTruncating(-12345.5));
        return values;
    }

    /// <summary>Asserts that every element still holds the <see cref="Sentinel{T}"/> value.</summary>
    public static void AssertUntouched<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T>
        => Assert.All(values, value => Assert.Equal(T.CreateTruncating(-12345.5), value));
}
