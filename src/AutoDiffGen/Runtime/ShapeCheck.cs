using System.Numerics.Tensors;

namespace AutoDiffGen.Runtime;

/// <summary>
/// Binds the symbolic dimensions of a generated method's arguments and rejects arguments whose shapes disagree
/// with the declared <see cref="ShapeAttribute"/>s, with an <see cref="ArgumentException"/> that names the
/// parameter, the dimension and both sizes.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class ShapeCheck
{
    /// <summary>Throws when <paramref name="tensor"/> does not have <paramref name="rank"/> dimensions.</summary>
    public static void Rank<T>(Tensor<T> tensor, int rank, string parameter, string declared)
    {
        ArgumentNullException.ThrowIfNull(tensor, parameter);
        if (tensor.Rank != rank)
        {
            throw new ArgumentException(
                $"'{parameter}' is declared {declared} (rank {rank}) but has shape {Format(tensor.Lengths)}.", parameter);
        }
    }

    /// <summary>The length of <paramref name="tensor"/> along <paramref name="axis"/>.</summary>
    public static int Length<T>(Tensor<T> tensor, int axis) => checked((int)tensor.Lengths[axis]);

    /// <summary>
    /// Binds a symbol that appears as <c>factor * symbol</c>: the length along <paramref name="axis"/> divided by
    /// <paramref name="factor"/>, which must divide it.
    /// </summary>
    public static int Quotient<T>(Tensor<T> tensor, int axis, int factor, string parameter, string declared, string dimension)
    {
        int length = Length(tensor, axis);
        if (factor <= 0 || length % factor != 0)
        {
            throw new ArgumentException(
                $"'{parameter}' dimension {axis} ({dimension}) is {length}, which is not a multiple of {factor}; " +
                $"'{parameter}' is declared {declared}.", parameter);
        }
        return length / factor;
    }

    /// <summary>
    /// Throws when the length of <paramref name="tensor"/> along <paramref name="axis"/> is not
    /// <paramref name="expected"/>, the size of <paramref name="dimension"/> as <paramref name="source"/> fixed it.
    /// </summary>
    /// <param name="tensor">The argument.</param>
    /// <param name="axis">The dimension checked.</param>
    /// <param name="expected">The size it must have.</param>
    /// <param name="parameter">The parameter's name.</param>
    /// <param name="declared">The parameter's declared shape, e.g. <c>[D, H]</c>.</param>
    /// <param name="dimension">The dimension as declared: a symbol, a product or a literal.</param>
    /// <param name="source">Where <paramref name="expected"/> comes from, e.g. <c>'x' dimension 1</c>; null for a literal.</param>
    public static void Expect<T>(Tensor<T> tensor, int axis, int expected, string parameter, string declared, string dimension, string? source)
    {
        int length = Length(tensor, axis);
        if (length == expected) return;
        string reason = source is null
            ? $"it is declared {dimension}"
            : $"'{dimension}' is {expected}, bound by {source}";
        throw new ArgumentException(
            $"'{parameter}' dimension {axis} ({dimension}) is {length}, but {reason}; '{parameter}' is declared {declared}.",
            parameter);
    }

    /// <summary>Binds a symbol given as an <c>int</c> argument (<c>[Shape("H")] int heads</c>): a size, so at least 1.</summary>
    public static int Size(int value, string parameter)
    {
        if (value < 1) throw new ArgumentException($"'{parameter}' is {value}, but it is a size and must be at least 1.", parameter);
        return value;
    }

    /// <summary>Throws when an <c>int</c> argument declared as a size differs from the size its symbol already has.</summary>
    public static void ExpectSize(int value, int expected, string parameter, string dimension, string source)
    {
        if (value != expected)
            throw new ArgumentException($"'{parameter}' is {value}, but '{dimension}' is {expected}, bound by {source}.", parameter);
    }

    /// <summary>Formats lengths as <c>[2, 3]</c>.</summary>
    public static string Format(ReadOnlySpan<nint> lengths) => "[" + string.Join(", ", lengths.ToArray()) + "]";
}
