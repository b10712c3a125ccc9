using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// Flatten and Reshape return new dense tensors, never views: an in-place operator on the result cannot change the
// input. The in-box Tensor.Reshape (a view) takes its lengths as a plain span; the non-generic overloads here make
// x.Reshape([2, 3]) bind to the copying Reshape instead of being ambiguous with it.
public static partial class TensorMath
{
    /// <summary>
    /// A copy of <paramref name="x"/> with axes <paramref name="startAxis"/> to the last merged into one, in row-major
    /// order: <c>[N, 3, D]</c> with the default <paramref name="startAxis"/> 1 gives <c>[N, 3·D]</c>.
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="startAxis">The first axis merged; negative values count from the end.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startAxis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Flatten<T>(this Tensor<T> x, int startAxis = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        int rank = x.Rank;
        if (startAxis < -rank || startAxis >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(startAxis), startAxis,
                $"Start axis {startAxis} is out of range for {Shape(x)}, of rank {rank}.");
        }
        int start = startAxis < 0 ? startAxis + rank : startAxis;

        var lengths = new nint[start + 1];
        x.Lengths[..start].CopyTo(lengths);
        lengths[start] = 1;
        for (int axis = start; axis < rank; axis++) lengths[start] *= x.Lengths[axis];
        return DenseCopy(x, lengths);
    }

    /// <summary>
    /// A copy of <paramref name="x"/> without <paramref name="axis"/>, which must have length 1: <c>[B, 1, T]</c>
    /// squeezed at 1 is <c>[B, T]</c>. (The in-box <c>Tensor.Unsqueeze(x, axis)</c> adds such an axis; both are
    /// differentiable.)
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis to remove; negative values count from the end.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="ArgumentException">The axis does not have length 1.</exception>
    public static Tensor<T> Squeeze<T>(this Tensor<T> x, int axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        int at = ResolveAxis(axis, x.Rank);
        if (x.Lengths[at] != 1)
            throw new ArgumentException($"Only an axis of length 1 can be squeezed; axis {axis} of {Shape(x)} has length {x.Lengths[at]}.", nameof(axis));
        var lengths = new nint[x.Rank - 1];
        for (int i = 0, target = 0; i < x.Rank; i++)
            if (i != at) lengths[target++] = x.Lengths[i];
        return DenseCopy(x, lengths);
    }

    /// <summary>
    /// A copy of <paramref name="x"/>'s elements, in row-major order, as a tensor of <paramref name="lengths"/>. One
    /// length may be -1: it is inferred from the element count.
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="lengths">The new lengths, whose product is <paramref name="x"/>'s element count.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// No lengths are given, a length is negative other than one -1, or the lengths do not hold exactly
    /// <paramref name="x"/>'s elements (the message names both shapes).
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Reshape<T>(this Tensor<T> x, params ReadOnlySpan<nint> lengths) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        return DenseCopy(x, ResolveLengths(x, lengths));
    }

    /// <summary>
    /// A copy of <paramref name="x"/>'s elements as a tensor of <paramref name="lengths"/>, one of which may be -1;
    /// see <see cref="Reshape{T}(Tensor{T}, ReadOnlySpan{nint})"/>.
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="lengths">The new lengths, whose product is <paramref name="x"/>'s element count.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException">The lengths do not hold exactly <paramref name="x"/>'s elements.</exception>
    public static Tensor<float> Reshape(this Tensor<float> x, params ReadOnlySpan<nint> lengths) => Reshape<float>(x, lengths);

    /// <summary>
    /// A copy of <paramref name="x"/>'s elements as a tensor of <paramref name="lengths"/>, one of which may be -1;
    /// see <see cref="Reshape{T}(Tensor{T}, ReadOnlySpan{nint})"/>.
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="lengths">The new lengths, whose product is <paramref name="x"/>'s element count.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException">The lengths do not hold exactly <paramref name="x"/>'s elements.</exception>
    public static Tensor<double> Reshape(this Tensor<double> x, params ReadOnlySpan<nint> lengths) => Reshape<double>(x, lengths);

    // The requested lengths with a -1 replaced by what makes the element counts agree.
    private static nint[] ResolveLengths<T>(Tensor<T> x, ReadOnlySpan<nint> lengths)
    {
        long count = x.FlattenedLength;
        if (lengths.IsEmpty) throw ReshapeError(x, lengths, "a tensor needs at least one length");
        int inferred = -1;
        bool hasZero = false;
        long known = 1;
        for (int i = 0; i < lengths.Length; i++)
        {
            nint length = lengths[i];
            if (length == -1)
            {
                if (inferred >= 0) throw ReshapeError(x, lengths, "only one length can be -1");
                inferred = i;
            }
            else if (length < 0)
            {
                throw ReshapeError(x, lengths, $"length {length} is negative");
            }
            else if (length == 0)
            {
                hasZero = true;
            }
            else
            {
                // Saturate just above the element count: any larger product is wrong alike, and cannot overflow.
                known = length > count ? count + 1 : Math.Min(known * length, count + 1);
            }
        }
        if (hasZero) known = 0;

        nint[] resolved = lengths.ToArray();
        if (inferred >= 0)
        {
            if (known == 0 || count % known != 0)
                throw ReshapeError(x, lengths, $"no length in place of -1 makes {count} elements");
            resolved[inferred] = (nint)(count / known);
        }
        else if (known != count)
        {
            throw ReshapeError(x, lengths, known > count ? $"those lengths hold more than {count} elements" : $"those lengths hold {known} elements");
        }
        return resolved;
    }

    private static ArgumentException ReshapeError<T>(Tensor<T> x, ReadOnlySpan<nint> lengths, string reason)
        => new($"Cannot reshape {Shape(x)} ({x.FlattenedLength} elements) to {ShapeCheck.Format(lengths)}: {reason}.", nameof(lengths));

    // x's elements in row-major order in a new dense tensor of 'lengths'.
    private static Tensor<T> DenseCopy<T>(Tensor<T> x, ReadOnlySpan<nint> lengths)
    {
        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        // A non-dense x was already copied into an array of its own.
        T[] data = copy is not null && copy.Length == source.Length ? copy : source.ToArray();
        return TensorData.Wrap(data, lengths);
    }
}
