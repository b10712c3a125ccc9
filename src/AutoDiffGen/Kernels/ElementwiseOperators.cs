using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A one-operand elementwise operator: a small readonly struct whose <see cref="Invoke"/> computes one register of
/// results through the <see cref="ISimd{TSelf, T}"/> functions, so eager ops and generated fused loops agree bit
/// for bit. Instances may carry a parameter, such as the exponent of <see cref="PowOperator{T}"/>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The operator applied to every lane of <paramref name="x"/>.</summary>
    TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T>;
}

/// <summary>A two-operand elementwise operator; see <see cref="IUnaryOperator{T}"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The operator applied lane by lane to <paramref name="left"/> and <paramref name="right"/>.</summary>
    TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T>;
}

/// <summary><c>left + right</c>.</summary>
internal readonly struct AddOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => left + right;
}

/// <summary><c>left - right</c>.</summary>
internal readonly struct SubtractOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => left - right;
}

/// <summary><c>left * right</c>.</summary>
internal readonly struct MultiplyOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => left * right;
}

/// <summary><c>left / right</c>.</summary>
internal readonly struct DivideOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => left / right;
}

/// <summary><c>-x</c>.</summary>
internal readonly struct NegateOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => -x;
}

/// <summary><c>e^x</c>.</summary>
internal readonly struct ExpOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Exp(x);
}

/// <summary><c>ln x</c>.</summary>
internal readonly struct LogOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Log(x);
}

/// <summary><c>tanh x</c>.</summary>
internal readonly struct TanhOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Tanh(x);
}

/// <summary><c>1 / (1 + e^-x)</c>.</summary>
internal readonly struct SigmoidOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Sigmoid(x);
}

/// <summary>
/// GELU, the tanh approximation GPT-2 uses: <c>½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))</c>, in the order the
/// generator writes it, so the eager op and a generated loop agree.
/// </summary>
internal readonly struct GeluOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Gelu(x);
}

/// <summary>Exact GELU, x·Φ(x) with the normal distribution's Φ from erf.</summary>
internal readonly struct GeluExactOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.GeluExact(x);
}

/// <summary>SiLU (swish): <c>x·σ(x)</c>.</summary>
internal readonly struct SiluOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Silu(x);
}

/// <summary>The constants of the activations: the tanh approximation's and the normal distribution's.</summary>
internal static class ActivationConstants
{
    /// <summary>√(2/π).</summary>
    public const double SqrtTwoOverPi = 0.7978845608028654;

    /// <summary>The cubic term's coefficient in GELU's tanh approximation.</summary>
    public const double GeluCubic = 0.044715;

    /// <summary>1/√2, which turns erf into the normal distribution's Φ.</summary>
    public const double InverseSqrtTwo = 0.7071067811865476;

    /// <summary>1/√(2π), the normal density's factor.</summary>
    public const double InverseSqrtTwoPi = 0.3989422804014327;
}

/// <summary><c>max(x, 0)</c>.</summary>
internal readonly struct ReluOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Relu(x);
}

/// <summary><c>√x</c>.</summary>
internal readonly struct SqrtOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Sqrt(x);
}

/// <summary><c>|x|</c>.</summary>
internal readonly struct AbsOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Abs(x);
}

/// <summary><c>x²</c>.</summary>
internal readonly struct SquareOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Square(x);
}

/// <summary><c>sin x</c>.</summary>
internal readonly struct SinOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Sin(x);
}

/// <summary><c>cos x</c>.</summary>
internal readonly struct CosOperator<T> : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Cos(x);
}

/// <summary><c>x^exponent</c>, as <see cref="ISimd{TSelf, T}.Pow"/> defines it.</summary>
internal readonly struct PowOperator<T>(T exponent) : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Pow(x, exponent);
}

/// <summary><c>max(left, right)</c>, NaN propagating.</summary>
internal readonly struct MaximumOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => TSimd.Max(left, right);
}

/// <summary><c>min(left, right)</c>, NaN propagating.</summary>
internal readonly struct MinimumOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => TSimd.Min(left, right);
}

/// <summary><c>[left &gt; right]</c>: 1 or 0.</summary>
internal readonly struct GreaterThanOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => TSimd.IsGreater(left, right);
}

/// <summary><c>[left ≥ right]</c>: 1 or 0.</summary>
internal readonly struct GreaterThanOrEqualOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => TSimd.IsGreaterOrEqual(left, right);
}

/// <summary><c>[left &lt; right]</c>: 1 or 0.</summary>
internal readonly struct LessThanOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => TSimd.IsLess(left, right);
}

/// <summary><c>[left ≤ right]</c>: 1 or 0.</summary>
internal readonly struct LessThanOrEqualOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd left, TSimd right) where TSimd : struct, ISimd<TSimd, T> => TSimd.IsLessOrEqual(left, right);
}

/// <summary><c>min(max(x, lower), upper)</c>.</summary>
internal readonly struct ClampOperator<T>(T lower, T upper) : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public TSimd Invoke<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, T> => TSimd.Clamp(x, TSimd.Splat(lower), TSimd.Splat(upper));
}
