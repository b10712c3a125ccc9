using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>The composite functions of <see cref="ISimd{TSelf, T}"/>, written once over its primitives.</summary>
internal static class SimdFunctions
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf Square<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
        => x * x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf Reciprocal<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
        => TSelf.Splat(T.One) / x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf Relu<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
        => TSelf.Max(x, TSelf.Splat(T.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf Step<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
        => TSelf.Select(TSelf.GreaterThan(x, TSelf.Splat(T.Zero)), TSelf.Splat(T.One), TSelf.Splat(T.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf Sign<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var zero = TSelf.Splat(T.Zero);
        var negative = TSelf.Select(TSelf.LessThan(x, zero), TSelf.Splat(-T.One), zero);
        return TSelf.Select(TSelf.GreaterThan(x, zero), TSelf.Splat(T.One), negative);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf Sigmoid<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
        => TSelf.Splat(T.One) / (TSelf.Splat(T.One) + TSelf.Exp(-x));

    /// <summary>
    /// Hyperbolic tangent. Float: −expm1(−2|x|) / (2 + expm1(−2|x|)) with the sign of x, the exponential inline
    /// (within 3 ulp, no branch, no call). Double: (1 − e^−2|x|) / (1 + e^−2|x|) with the sign of x, which cannot
    /// overflow; below |x| = 0.1, where that form loses relative precision, the odd Taylor polynomial to x¹³,
    /// evaluated by Estrin's scheme to keep its dependency chain short.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf Tanh<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? SingleTanh<TSelf, T>(x) : DoubleTanh<TSelf, T>(x);

    /// <summary>
    /// Float tanh. With t = −2·min(|x|, 9.1) (tanh is 1 in float beyond), t = n·ln 2 + f, and e^f − 1 from
    /// <see cref="ReducedExpm1{TSelf, T}"/>: expm1(t) = 2ⁿ(e^f − 1) + (2ⁿ − 1), exact in relative terms as t goes to
    /// 0, so small arguments need no separate series. Within 3 ulp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TSelf SingleTanh<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = TSelf.Splat(T.One);
        var t = TSelf.Splat(SimdConstants<T>.MinusTwo) * TSelf.Min(TSelf.Abs(x), TSelf.Splat(SimdConstants<T>.TanhSaturation));
        var f = ReduceByLn2<TSelf, T>(t, out var n);
        var scale = TSelf.PowerOfTwo(n);
        var expm1T = TSelf.MultiplyAdd(scale, ReducedExpm1<TSelf, T>(f), scale - one);
        var magnitude = -expm1T / (TSelf.Splat(SimdConstants<T>.Two) + expm1T);
        // NaN stays NaN (the minimum above passes it through), and tanh(−0) is −0.
        return TSelf.CopySign(magnitude, x);
    }

    /// <summary>
    /// Float e^x, within 2 ulp, with no call and no branch: x = n·ln 2 + f, e^x = 2ⁿ·(1 + (e^f − 1)). x is first
    /// clamped to [−104, 89], past which the result is 0 or +∞ anyway, and 2ⁿ is applied as two powers of two, each
    /// a normal float, so results that overflow become +∞ and results in the subnormal range are rounded once.
    /// e⁰ is exactly 1; NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf SingleExp<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var clamped = TSelf.Min(TSelf.Max(x, TSelf.Splat(SimdConstants<T>.ExpLowest)), TSelf.Splat(SimdConstants<T>.ExpHighest));
        var f = ReduceByLn2<TSelf, T>(clamped, out var n);
        var half = TSelf.Round(n * TSelf.Splat(SimdConstants<T>.Half));
        var exponential = ReducedExpm1<TSelf, T>(f) + TSelf.Splat(T.One);
        return exponential * TSelf.PowerOfTwo(half) * TSelf.PowerOfTwo(n - half);
    }

    /// <summary>
    /// Splits float t as n·ln 2 + f with n = round(t / ln 2) and |f| ≤ ln 2 / 2; ln 2 is split in two so that n·ln2High
    /// is exact for |n| ≤ 2¹⁵.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TSelf ReduceByLn2<TSelf, T>(TSelf t, out TSelf n) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        n = TSelf.Round(t * TSelf.Splat(SimdConstants<T>.Log2E));
        var f = TSelf.MultiplyAdd(n, TSelf.Splat(SimdConstants<T>.MinusLn2High), t);
        return TSelf.MultiplyAdd(n, TSelf.Splat(SimdConstants<T>.MinusLn2Low), f);
    }

    /// <summary>e^f − 1 = f + f²·P(f) for float |f| ≤ ln 2 / 2, P of degree 5 (the Cephes expf coefficients).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TSelf ReducedExpm1<TSelf, T>(TSelf f) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = TSelf.MultiplyAdd(TSelf.Splat(SimdConstants<T>.ExpP0), f, TSelf.Splat(SimdConstants<T>.ExpP1));
        p = TSelf.MultiplyAdd(p, f, TSelf.Splat(SimdConstants<T>.ExpP2));
        p = TSelf.MultiplyAdd(p, f, TSelf.Splat(SimdConstants<T>.ExpP3));
        p = TSelf.MultiplyAdd(p, f, TSelf.Splat(SimdConstants<T>.ExpP4));
        p = TSelf.MultiplyAdd(p, f, TSelf.Splat(SimdConstants<T>.Half));
        return TSelf.MultiplyAdd(p, f * f, f);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TSelf DoubleTanh<TSelf, T>(TSelf x) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = TSelf.Splat(T.One);
        var a = TSelf.Abs(x);
        var e = TSelf.Exp(TSelf.Splat(SimdConstants<T>.MinusTwo) * a);
        var large = (one - e) / (one + e);
        large = TSelf.Select(TSelf.LessThan(x, TSelf.Splat(T.Zero)), -large, large);

        // x (1 + c3 x² + c5 x⁴ + … + c13 x¹²) = x + x·x²·[(c3 + c5 x²) + x⁴ ((c7 + c9 x²) + x⁴ (c11 + c13 x²))]
        var x2 = x * x;
        var x4 = x2 * x2;
        var low = TSelf.MultiplyAdd(TSelf.Splat(SimdConstants<T>.TanhC5), x2, TSelf.Splat(SimdConstants<T>.TanhC3));
        var middle = TSelf.MultiplyAdd(TSelf.Splat(SimdConstants<T>.TanhC9), x2, TSelf.Splat(SimdConstants<T>.TanhC7));
        var high = TSelf.MultiplyAdd(TSelf.Splat(SimdConstants<T>.TanhC13), x2, TSelf.Splat(SimdConstants<T>.TanhC11));
        var p = TSelf.MultiplyAdd(TSelf.MultiplyAdd(high, x4, middle), x4, low);
        p = TSelf.MultiplyAdd(p * x2, x, x);

        return TSelf.Select(TSelf.LessThan(a, TSelf.Splat(SimdConstants<T>.TanhSeriesLimit)), p, large);
    }

    /// <summary>
    /// x^p as Math.Pow means it: integer exponents up to 64 in magnitude by repeated squaring (so x² is exactly x·x
    /// and negative bases keep their sign), p = 0.5 as a square root, and e^(p·ln x) otherwise (NaN for a negative
    /// base with a fractional exponent).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TSelf Pow<TSelf, T>(TSelf x, T p) where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        var one = TSelf.Splat(T.One);
        if (T.IsInteger(p) && T.Abs(p) <= SimdConstants<T>.LargestIntegerPower)
        {
            var result = one;
            var power = x;
            for (int n = int.CreateTruncating(T.Abs(p)); n > 0; n >>= 1)
            {
                if ((n & 1) != 0) result *= power;
                if (n > 1) power *= power;
            }
            return p < T.Zero ? one / result : result;
        }
        if (p == SimdConstants<T>.Half) return TSelf.Sqrt(x);
        return TSelf.Exp(TSelf.Splat(p) * TSelf.Log(x));
    }
}
