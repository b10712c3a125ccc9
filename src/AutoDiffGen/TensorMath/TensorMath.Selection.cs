using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// Elementwise maxima and minima, comparisons as masks of 1 and 0, clamping and selection. A mask is an ordinary
// tensor of the element type, not a Tensor<bool>: it multiplies, and feeds Where and MaskedFill.
public static partial class TensorMath
{
    /// <summary>
    /// Elementwise maximum of <paramref name="x"/> and <paramref name="y"/> broadcast together (PyTorch's
    /// <c>torch.maximum</c>): NaN where either is NaN, and +0 over −0.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or <paramref name="y"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Maximum<T>(this Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Combine(x, y, new MaximumOperator<T>());
    }

    /// <summary>Elementwise maximum of <paramref name="x"/> and <paramref name="y"/>: NaN where either is NaN, and +0 over −0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Maximum<T>(this Tensor<T> x, T y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        return Combine(x, y, new MaximumOperator<T>());
    }

    /// <summary>
    /// Elementwise minimum of <paramref name="x"/> and <paramref name="y"/> broadcast together (PyTorch's
    /// <c>torch.minimum</c>): NaN where either is NaN, and −0 over +0.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or <paramref name="y"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Minimum<T>(this Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Combine(x, y, new MinimumOperator<T>());
    }

    /// <summary>Elementwise minimum of <paramref name="x"/> and <paramref name="y"/>: NaN where either is NaN, and −0 over +0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Minimum<T>(this Tensor<T> x, T y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        return Combine(x, y, new MinimumOperator<T>());
    }

    /// <summary>
    /// 1 where <paramref name="x"/> &gt; <paramref name="y"/>, 0 elsewhere, the two broadcast together; a NaN on
    /// either side gives 0.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or <paramref name="y"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> GreaterThan<T>(this Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Combine(x, y, new GreaterThanOperator<T>());
    }

    /// <summary>1 where <paramref name="x"/> &gt; <paramref name="y"/>, 0 elsewhere; a NaN on either side gives 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> GreaterThan<T>(this Tensor<T> x, T y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        return Combine(x, y, new GreaterThanOperator<T>());
    }

    /// <summary>
    /// 1 where <paramref name="x"/> ≥ <paramref name="y"/>, 0 elsewhere, the two broadcast together; a NaN on
    /// either side gives 0.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or <paramref name="y"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> GreaterThanOrEqual<T>(this Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Combine(x, y, new GreaterThanOrEqualOperator<T>());
    }

    /// <summary>1 where <paramref name="x"/> ≥ <paramref name="y"/>, 0 elsewhere; a NaN on either side gives 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> GreaterThanOrEqual<T>(this Tensor<T> x, T y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        return Combine(x, y, new GreaterThanOrEqualOperator<T>());
    }

    /// <summary>
    /// 1 where <paramref name="x"/> &lt; <paramref name="y"/>, 0 elsewhere, the two broadcast together; a NaN on
    /// either side gives 0.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or <paramref name="y"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> LessThan<T>(this Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Combine(x, y, new LessThanOperator<T>());
    }

    /// <summary>1 where <paramref name="x"/> &lt; <paramref name="y"/>, 0 elsewhere; a NaN on either side gives 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> LessThan<T>(this Tensor<T> x, T y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        return Combine(x, y, new LessThanOperator<T>());
    }

    /// <summary>
    /// 1 where <paramref name="x"/> ≤ <paramref name="y"/>, 0 elsewhere, the two broadcast together; a NaN on
    /// either side gives 0.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or <paramref name="y"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> LessThanOrEqual<T>(this Tensor<T> x, Tensor<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Combine(x, y, new LessThanOrEqualOperator<T>());
    }

    /// <summary>1 where <paramref name="x"/> ≤ <paramref name="y"/>, 0 elsewhere; a NaN on either side gives 0.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> LessThanOrEqual<T>(this Tensor<T> x, T y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        return Combine(x, y, new LessThanOrEqualOperator<T>());
    }

    /// <summary>
    /// Elementwise <c>min(max(x, min), max)</c>, as PyTorch's <c>torch.clamp</c> computes it: NaN elements stay NaN,
    /// and when <paramref name="min"/> exceeds <paramref name="max"/> every element becomes <paramref name="max"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Clamp<T>(this Tensor<T> x, T min, T max) where T : unmanaged, IFloatingPointIeee754<T>
        => Map(x, new ClampOperator<T>(min, max));

    /// <summary>
    /// <paramref name="whenTrue"/> where <paramref name="condition"/> is not 0 (NaN counts as not 0), else
    /// <paramref name="whenFalse"/>, the three broadcast together (PyTorch's <c>torch.where</c>); the result has the
    /// broadcast shape of all three.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="condition"/>, <paramref name="whenTrue"/> or <paramref name="whenFalse"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Where<T>(Tensor<T> condition, Tensor<T> whenTrue, Tensor<T> whenFalse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(whenTrue);
        ArgumentNullException.ThrowIfNull(whenFalse);
        ThrowIfUnsupported<T>();
        T[]? conditionCopy = null, whenTrueCopy = null, whenFalseCopy = null;
        return Select(Read(condition, ref conditionCopy), condition.Lengths, Read(whenTrue, ref whenTrueCopy), whenTrue.Lengths,
            Read(whenFalse, ref whenFalseCopy), whenFalse.Lengths);
    }

    /// <summary>
    /// <paramref name="whenTrue"/> where <paramref name="condition"/> is not 0 (NaN counts as not 0), else
    /// <paramref name="whenFalse"/>, the two tensors broadcast together; the result has their broadcast shape.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="condition"/> or <paramref name="whenFalse"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Where<T>(Tensor<T> condition, T whenTrue, Tensor<T> whenFalse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(whenFalse);
        ThrowIfUnsupported<T>();
        T[]? conditionCopy = null, whenFalseCopy = null;
        return Select(Read(condition, ref conditionCopy), condition.Lengths, new ReadOnlySpan<T>(in whenTrue), [],
            Read(whenFalse, ref whenFalseCopy), whenFalse.Lengths);
    }

    /// <summary>
    /// <paramref name="whenTrue"/> where <paramref name="condition"/> is not 0 (NaN counts as not 0), else
    /// <paramref name="whenFalse"/>, the two tensors broadcast together; the result has their broadcast shape.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="condition"/> or <paramref name="whenTrue"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Where<T>(Tensor<T> condition, Tensor<T> whenTrue, T whenFalse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(whenTrue);
        ThrowIfUnsupported<T>();
        T[]? conditionCopy = null, whenTrueCopy = null;
        return Select(Read(condition, ref conditionCopy), condition.Lengths, Read(whenTrue, ref whenTrueCopy), whenTrue.Lengths,
            new ReadOnlySpan<T>(in whenFalse), []);
    }

    /// <summary>
    /// <paramref name="value"/> where <paramref name="mask"/> is not 0 (NaN counts as not 0), else
    /// <paramref name="x"/> (PyTorch's <c>masked_fill</c>). The mask broadcasts to <paramref name="x"/>'s shape,
    /// which the result has: a causal <c>[T, T]</c> mask fills every <c>[T, T]</c> matrix of <c>[B, H, T, T]</c> scores.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> or <paramref name="mask"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="mask"/> does not broadcast to <paramref name="x"/>'s shape.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> MaskedFill<T>(this Tensor<T> x, Tensor<T> mask, T value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mask);
        ThrowIfUnsupported<T>();
        if (!Broadcasting.BroadcastsTo(mask.Lengths, x.Lengths))
            throw new ArgumentException($"MaskedFill needs a mask that broadcasts to x's shape, but x is {Shape(x)} and mask is {Shape(mask)}.", nameof(mask));
        T[]? maskCopy = null, xCopy = null;
        return Select(Read(mask, ref maskCopy), mask.Lengths, new ReadOnlySpan<T>(in value), [], Read(x, ref xCopy), x.Lengths);
    }

    // condition != 0 ? whenTrue : whenFalse over dense row-major operands broadcast together, into a new tensor of
    // the broadcast shape. An operand with no lengths is a single value.
    private static Tensor<T> Select<T>(ReadOnlySpan<T> condition, ReadOnlySpan<nint> conditionLengths, ReadOnlySpan<T> whenTrue, ReadOnlySpan<nint> whenTrueLengths,
        ReadOnlySpan<T> whenFalse, ReadOnlySpan<nint> whenFalseLengths)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The highest-ranked operand's shape: the result's, when the others have it too or are single values.
        ReadOnlySpan<nint> shape = conditionLengths;
        if (whenTrueLengths.Length > shape.Length) shape = whenTrueLengths;
        if (whenFalseLengths.Length > shape.Length) shape = whenFalseLengths;
        if (IsShapeOrSingle(conditionLengths, shape) && IsShapeOrSingle(whenTrueLengths, shape) && IsShapeOrSingle(whenFalseLengths, shape))
        {
            // No broadcasting between tensors, at any rank: one flat row, single values repeated along it.
            int count = checked((int)Product(shape));
            T[] data = GC.AllocateUninitializedArray<T>(count);
            ReadOnlySpan<nint> flat = [count];
            SelectKernel.Apply(condition, conditionLengths.IsEmpty ? [] : flat, whenTrue, whenTrueLengths.IsEmpty ? [] : flat,
                whenFalse, whenFalseLengths.IsEmpty ? [] : flat, flat, data);
            return TensorData.Wrap(data, shape);
        }

        Span<nint> resultLengths = stackalloc nint[Broadcasting.MaxRank];
        resultLengths = resultLengths[..SelectKernel.ResultLengths(conditionLengths, whenTrueLengths, whenFalseLengths, resultLengths)];
        T[] result = GC.AllocateUninitializedArray<T>(checked((int)Product(resultLengths)));
        SelectKernel.Apply(condition, conditionLengths, whenTrue, whenTrueLengths, whenFalse, whenFalseLengths, resultLengths, result);
        return TensorData.Wrap(result, resultLengths);
    }

    private static bool IsShapeOrSingle(ReadOnlySpan<nint> lengths, ReadOnlySpan<nint> shape) => lengths.IsEmpty || lengths.SequenceEqual(shape);
}
