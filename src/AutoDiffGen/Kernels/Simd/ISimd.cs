using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A SIMD register of <typeparamref name="T"/> lanes, abstracted over its width so that one generic loop body
/// serves 512-, 256- and 128-bit hardware and the one-lane scalar tail.
/// </summary>
/// <remarks>
/// Implementations wrap <see cref="System.Runtime.Intrinsics.Vector512{T}"/>,
/// <see cref="System.Runtime.Intrinsics.Vector256{T}"/>, <see cref="System.Runtime.Intrinsics.Vector128{T}"/>
/// and a single lane. The composite functions (<see cref="Tanh"/>, <see cref="Sigmoid"/>, <see cref="Pow"/>, …)
/// are written once, on top of the primitives, in <c>SimdFunctions</c>; each register type forwards to it (a
/// default interface implementation would cost a dispatch per call). So every width, and the eager and generated
/// code paths, compute bit-identical lanes. Sin and Cos are the exception: the in-box vector versions pick their argument
/// reduction per register, so a lane can differ by one ulp depending on its neighbours.
/// </remarks>
/// <typeparam name="TSelf">The implementing register type.</typeparam>
/// <typeparam name="T">The lane type: <see cref="float"/> or <see cref="double"/>.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface ISimd<TSelf, T>
    where TSelf : struct, ISimd<TSelf, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Number of lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this width runs on hardware instructions on this machine.</summary>
    static abstract bool IsHardwareAccelerated { get; }

    /// <summary>Loads <see cref="Count"/> lanes starting at <c>source[index]</c>.</summary>
    static abstract TSelf Load(ref readonly T source, nint index);

    /// <summary>Stores the lanes to <c>destination[index ..]</c>.</summary>
    static abstract void Store(TSelf value, ref T destination, nint index);

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Splat(T value);

    /// <summary>The sum of all lanes, added from the lowest lane up.</summary>
    static abstract T Sum(TSelf value);

    /// <summary>The largest lane; NaN when any lane is NaN; +0 over −0.</summary>
    static abstract T MaxAcross(TSelf value);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf operator +(TSelf left, TSelf right);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf operator -(TSelf left, TSelf right);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf operator *(TSelf left, TSelf right);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf operator /(TSelf left, TSelf right);

    /// <summary>Lane-wise negation.</summary>
    static abstract TSelf operator -(TSelf value);

    /// <summary><c>a * b + c</c> with a single rounding.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>
    /// Lane-wise e^x; e⁰ is exactly 1, so a shifted softmax's largest term is exactly 1 and a one-class softmax is
    /// exactly 1 with log exactly 0.
    /// </summary>
    static abstract TSelf Exp(TSelf x);

    /// <summary>Lane-wise natural logarithm.</summary>
    static abstract TSelf Log(TSelf x);

    /// <summary>Lane-wise square root.</summary>
    static abstract TSelf Sqrt(TSelf x);

    /// <summary>Lane-wise absolute value.</summary>
    static abstract TSelf Abs(TSelf x);

    /// <summary>Lane-wise sine.</summary>
    static abstract TSelf Sin(TSelf x);

    /// <summary>Lane-wise cosine.</summary>
    static abstract TSelf Cos(TSelf x);

    /// <summary>Lane-wise maximum (NaN propagates).</summary>
    static abstract TSelf Max(TSelf left, TSelf right);

    /// <summary>Lane-wise minimum (NaN propagates).</summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    /// <summary>All bits set in lanes where <c>left &gt; right</c>, zero elsewhere.</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>All bits set in lanes where <c>left &lt; right</c>, zero elsewhere.</summary>
    static abstract TSelf LessThan(TSelf left, TSelf right);

    /// <summary>All bits set in lanes where <c>left == right</c>, zero elsewhere.</summary>
    static abstract TSelf EqualTo(TSelf left, TSelf right);

    /// <summary>Lanes of <paramref name="whenTrue"/> where <paramref name="mask"/> is set, else of <paramref name="whenFalse"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf whenTrue, TSelf whenFalse);

    /// <summary>Lane-wise rounding to the nearest integer, ties to even.</summary>
    static abstract TSelf Round(TSelf x);

    /// <summary>Lane-wise 2ⁿ for integral n whose power is a normal number (|n| below 127 for float, 1023 for double).</summary>
    static abstract TSelf PowerOfTwo(TSelf n);

    /// <summary>Lane-wise |magnitude| with the sign bit of <paramref name="sign"/>.</summary>
    static abstract TSelf CopySign(TSelf magnitude, TSelf sign);

    /// <summary>Lane-wise x².</summary>
    static abstract TSelf Square(TSelf x);

    /// <summary>Lane-wise 1/x.</summary>
    static abstract TSelf Reciprocal(TSelf x);

    /// <summary>Lane-wise max(x, 0); NaN stays NaN.</summary>
    static abstract TSelf Relu(TSelf x);

    /// <summary>Lane-wise step: 1 where x &gt; 0, else 0 (the derivative of <see cref="Relu"/>).</summary>
    static abstract TSelf Step(TSelf x);

    /// <summary>Lane-wise sign: 1, -1 or 0 (the derivative of <see cref="Abs"/>).</summary>
    static abstract TSelf Sign(TSelf x);

    /// <summary>Lane-wise logistic function 1 / (1 + e^-x).</summary>
    static abstract TSelf Sigmoid(TSelf x);

    /// <summary>
    /// Lane-wise hyperbolic tangent: −expm1(−2|x|) / (2 + expm1(−2|x|)) with the sign of x, from an inline float
    /// exponential (within 3 ulp); for double, (1 − e^−2|x|) / (1 + e^−2|x|) and below |x| = 0.1 the odd Taylor
    /// polynomial to x¹³.
    /// </summary>
    static abstract TSelf Tanh(TSelf x);

    /// <summary>
    /// Lane-wise x^p for a scalar exponent, as Math.Pow means it: integer exponents up to 64 in magnitude by
    /// repeated squaring, p = 0.5 as a square root, and e^(p·ln x) otherwise.
    /// </summary>
    static abstract TSelf Pow(TSelf x, T p);

    // Selections, written once over the primitives above: comparisons give 1 where they hold and 0 elsewhere (NaN
    // compares false), so a mask is an ordinary tensor of the element type.

    /// <summary>1 where <paramref name="left"/> &gt; <paramref name="right"/>, else 0.</summary>
    static virtual TSelf IsGreater(TSelf left, TSelf right)
        => TSelf.Select(TSelf.GreaterThan(left, right), TSelf.Splat(T.One), TSelf.Splat(T.Zero));

    /// <summary>1 where <paramref name="left"/> ≥ <paramref name="right"/>, else 0.</summary>
    static virtual TSelf IsGreaterOrEqual(TSelf left, TSelf right)
        => TSelf.Select(TSelf.GreaterThan(left, right), TSelf.Splat(T.One), TSelf.Select(TSelf.EqualTo(left, right), TSelf.Splat(T.One), TSelf.Splat(T.Zero)));

    /// <summary>1 where <paramref name="left"/> &lt; <paramref name="right"/>, else 0.</summary>
    static virtual TSelf IsLess(TSelf left, TSelf right)
        => TSelf.Select(TSelf.LessThan(left, right), TSelf.Splat(T.One), TSelf.Splat(T.Zero));

    /// <summary>1 where <paramref name="left"/> ≤ <paramref name="right"/>, else 0.</summary>
    static virtual TSelf IsLessOrEqual(TSelf left, TSelf right)
        => TSelf.Select(TSelf.LessThan(left, right), TSelf.Splat(T.One), TSelf.Select(TSelf.EqualTo(left, right), TSelf.Splat(T.One), TSelf.Splat(T.Zero)));

    /// <summary><paramref name="whenTrue"/> where <paramref name="condition"/> is not 0, else <paramref name="whenFalse"/>.</summary>
    static virtual TSelf Where(TSelf condition, TSelf whenTrue, TSelf whenFalse)
        => TSelf.Select(TSelf.EqualTo(condition, TSelf.Splat(T.Zero)), whenFalse, whenTrue);

    /// <summary><c>min(max(x, lower), upper)</c>, as torch.clamp computes it.</summary>
    static virtual TSelf Clamp(TSelf x, TSelf lower, TSelf upper) => TSelf.Min(TSelf.Max(x, lower), upper);

    // Activations, each one expression over the primitives above, with the derivative the generated backward pass uses.

    /// <summary>GELU by its tanh approximation: ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).</summary>
    static virtual TSelf Gelu(TSelf x)
    {
        var cubic = TSelf.Splat(T.CreateTruncating(ActivationConstants.GeluCubic)) * (x * TSelf.Square(x));
        var inner = TSelf.Splat(T.CreateTruncating(ActivationConstants.SqrtTwoOverPi)) * (x + cubic);
        return TSelf.Splat(T.CreateTruncating(0.5)) * (x * (TSelf.Splat(T.One) + TSelf.Tanh(inner)));
    }

    /// <summary>GELU's derivative: ½·(1 + t) + ½·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(√(2/π)·(x + 0.044715·x³)).</summary>
    static virtual TSelf GeluGradient(TSelf x)
    {
        var square = TSelf.Square(x);
        var cubicCoefficient = TSelf.Splat(T.CreateTruncating(ActivationConstants.GeluCubic));
        var sqrtTwoOverPi = TSelf.Splat(T.CreateTruncating(ActivationConstants.SqrtTwoOverPi));
        var half = TSelf.Splat(T.CreateTruncating(0.5));
        var one = TSelf.Splat(T.One);
        var t = TSelf.Tanh(sqrtTwoOverPi * (x + cubicCoefficient * (x * square)));
        var innerSlope = sqrtTwoOverPi * (one + TSelf.Splat(T.CreateTruncating(3 * ActivationConstants.GeluCubic)) * square);
        return half * (one + t) + half * x * (one - t * t) * innerSlope;
    }

    /// <summary>SiLU (swish): x·σ(x).</summary>
    static virtual TSelf Silu(TSelf x) => x * TSelf.Sigmoid(x);

    /// <summary>SiLU's derivative: σ(x)·(1 + x·(1 − σ(x))).</summary>
    static virtual TSelf SiluGradient(TSelf x)
    {
        var sigmoid = TSelf.Sigmoid(x);
        var one = TSelf.Splat(T.One);
        return sigmoid * (one + x * (one - sigmoid));
    }

    /// <summary>
    /// erf(x) within about 2e-16 relative in double (see <see cref="ErfCoefficients"/>): x·P(x²) below 1, 1 − exp(−x²)·Q(x)
    /// up to 6, 1 beyond; odd in x, NaN for NaN.
    /// </summary>
    static virtual TSelf Erf(TSelf x)
    {
        var one = TSelf.Splat(T.One);
        var a = TSelf.Abs(x);
        var square = a * a;
        var small = a * Polynomial(ErfCoefficients.Small, square);
        var complement = TSelf.Exp(-square) * TSelf.Select(TSelf.LessThan(a, TSelf.Splat(T.CreateTruncating(2.5))),
            Polynomial(ErfCoefficients.Near, a - TSelf.Splat(T.CreateTruncating(1.75))),
            TSelf.Select(TSelf.LessThan(a, TSelf.Splat(T.CreateTruncating(4.0))),
                Polynomial(ErfCoefficients.Middle, a - TSelf.Splat(T.CreateTruncating(3.25))),
                Polynomial(ErfCoefficients.Far, a - TSelf.Splat(T.CreateTruncating(5.0)))));
        var magnitude = TSelf.Select(TSelf.LessThan(a, one), small,
            TSelf.Select(TSelf.LessThan(a, TSelf.Splat(T.CreateTruncating(6.0))), one - complement, one));
        // NaN is the one value not equal to itself: it passes through.
        return TSelf.Select(TSelf.EqualTo(x, x), TSelf.CopySign(magnitude, x), x);
    }

    /// <summary>Σ coefficients[k]·x^(n−1−k) by Horner's rule, highest degree first.</summary>
    private static TSelf Polynomial(double[] coefficients, TSelf x)
    {
        var result = TSelf.Splat(T.CreateTruncating(coefficients[0]));
        for (int k = 1; k < coefficients.Length; k++) result = TSelf.MultiplyAdd(result, x, TSelf.Splat(T.CreateTruncating(coefficients[k])));
        return result;
    }

    /// <summary>Exact GELU: x·Φ(x) = ½·x·(1 + erf(x/√2)).</summary>
    static virtual TSelf GeluExact(TSelf x)
    {
        var half = TSelf.Splat(T.CreateTruncating(0.5));
        return half * (x * (TSelf.Splat(T.One) + TSelf.Erf(x * TSelf.Splat(T.CreateTruncating(ActivationConstants.InverseSqrtTwo)))));
    }

    /// <summary>Exact GELU's derivative: Φ(x) + x·φ(x) = ½·(1 + erf(x/√2)) + x·exp(−x²/2)/√(2π).</summary>
    static virtual TSelf GeluExactGradient(TSelf x)
    {
        var half = TSelf.Splat(T.CreateTruncating(0.5));
        var cdf = half * (TSelf.Splat(T.One) + TSelf.Erf(x * TSelf.Splat(T.CreateTruncating(ActivationConstants.InverseSqrtTwo))));
        var density = TSelf.Exp(-(half * (x * x))) * TSelf.Splat(T.CreateTruncating(ActivationConstants.InverseSqrtTwoPi));
        return cdf + x * density;
    }
}
