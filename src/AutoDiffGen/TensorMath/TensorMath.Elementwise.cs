using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

public static partial class TensorMath
{
    /// <summary>Elementwise e^x.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Exp<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new ExpOperator<T>());

    /// <summary>Elementwise natural logarithm.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Log<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new LogOperator<T>());

    /// <summary>Elementwise hyperbolic tangent.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Tanh<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new TanhOperator<T>());

    /// <summary>Elementwise logistic function 1 / (1 + e^-x).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Sigmoid<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new SigmoidOperator<T>());

    /// <summary>
    /// Elementwise GELU: by default the tanh approximation GPT-2 uses (PyTorch's <c>gelu(x, approximate="tanh")</c>),
    /// ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))); with <paramref name="exact"/>, x·Φ(x) = ½·x·(1 + erf(x/√2)) (PyTorch's
    /// default <c>gelu(x)</c>).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="exact">Use the normal distribution's Φ (by erf) instead of the tanh approximation.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Gelu<T>(this Tensor<T> x, bool exact = false) where T : unmanaged, IFloatingPointIeee754<T>
        => exact ? Map(x, new GeluExactOperator<T>()) : Map(x, new GeluOperator<T>());

    /// <summary>Elementwise SiLU (swish), x·σ(x) (PyTorch's <c>silu</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Silu<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new SiluOperator<T>());

    /// <summary>Elementwise max(x, 0); NaN stays NaN.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Relu<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new ReluOperator<T>());

    /// <summary>Elementwise square root.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Sqrt<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new SqrtOperator<T>());

    /// <summary>Elementwise absolute value.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Abs<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new AbsOperator<T>());

    /// <summary>Elementwise x².</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Square<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new SquareOperator<T>());

    /// <summary>Elementwise sine.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Sin<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new SinOperator<T>());

    /// <summary>Elementwise cosine.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Cos<T>(this Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new CosOperator<T>());

    /// <summary>
    /// Elementwise x^<paramref name="exponent"/>, as <see cref="Math.Pow"/> means it: integer exponents up to 64 in
    /// magnitude by repeated multiplication (negative bases keep their sign), 0.5 as a square root, and
    /// e^(exponent · ln x) otherwise (NaN for a negative base with a fractional exponent).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Pow<T>(this Tensor<T> x, T exponent) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new PowOperator<T>(exponent));

    // A new dense tensor of x's shape holding op(x) element by element.
    private static Tensor<T> Map<T, TOperator>(Tensor<T> x, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IUnaryOperator<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        // A non-dense input was copied into a fresh array of its own: compute in place there.
        T[] data = copy is not null && copy.Length == source.Length ? copy : GC.AllocateUninitializedArray<T>(source.Length);
        UnaryKernel.Apply(source, data, op);
        return TensorData.Wrap(data, x.Lengths);
    }
}
