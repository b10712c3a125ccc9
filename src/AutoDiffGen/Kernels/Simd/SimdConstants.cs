using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The constants of the composite SIMD functions, converted to <typeparamref name="T"/> once. The JIT does not fold
/// <c>T.CreateTruncating(2.0)</c> in generic code; written inline, each one costs a call per register.
/// </summary>
internal static class SimdConstants<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static readonly T MinusTwo = T.CreateTruncating(-2);
    public static readonly T Half = T.CreateTruncating(0.5);
    public static readonly T LargestIntegerPower = T.CreateTruncating(64);
    public static readonly T Two = T.CreateTruncating(2);

    /// <summary>Beyond this |x|, float tanh rounds to ±1.</summary>
    public static readonly T TanhSaturation = T.CreateTruncating(9.1);

    /// <summary>The range float exp clamps its argument to: e^−104 rounds to 0, e^89 overflows.</summary>
    public static readonly T ExpLowest = T.CreateTruncating(-104);
    public static readonly T ExpHighest = T.CreateTruncating(89);

    // e^f − 1 = f + f²·(P0 f⁵ + P1 f⁴ + P2 f³ + P3 f² + P4 f + 1/2) for |f| ≤ ln 2 / 2 (Cephes expf), with
    // ln 2 split so that n·ln2High is exact.
    public static readonly T Log2E = T.CreateTruncating(1.44269504088896341);
    public static readonly T MinusLn2High = T.CreateTruncating(-0.693359375);
    public static readonly T MinusLn2Low = T.CreateTruncating(2.12194440e-4);
    public static readonly T ExpP0 = T.CreateTruncating(1.9875691500E-4);
    public static readonly T ExpP1 = T.CreateTruncating(1.3981999507E-3);
    public static readonly T ExpP2 = T.CreateTruncating(8.3334519073E-3);
    public static readonly T ExpP3 = T.CreateTruncating(4.1665795894E-2);
    public static readonly T ExpP4 = T.CreateTruncating(1.6666665459E-1);

    /// <summary>Below this |x|, tanh is its Taylor polynomial (the exp form loses relative precision there).</summary>
    public static readonly T TanhSeriesLimit = T.CreateTruncating(0.1);

    // tanh x = x (1 + c3 x² + c5 x⁴ + … + c13 x¹²)
    public static readonly T TanhC3 = T.CreateTruncating(-1.0 / 3.0);
    public static readonly T TanhC5 = T.CreateTruncating(2.0 / 15.0);
    public static readonly T TanhC7 = T.CreateTruncating(-17.0 / 315.0);
    public static readonly T TanhC9 = T.CreateTruncating(62.0 / 2835.0);
    public static readonly T TanhC11 = T.CreateTruncating(-1382.0 / 155925.0);
    public static readonly T TanhC13 = T.CreateTruncating(21844.0 / 6081075.0);
}
