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
