using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen;

// Splitting a tensor into equal parts along an axis (q, k and v out of one qkv projection), and taking the parts by
// deconstruction: var (q, k, v) = qkv.Chunk(3, axis: -1).
public static partial class TensorMath
{
    /// <summary>
    /// <paramref name="x"/> cut into <paramref name="chunks"/> equal runs along <paramref name="axis"/>, in order, each a
    /// copy (as <c>torch.chunk</c>, but the length must divide evenly, so every part has one shape).
    /// </summary>
    /// <param name="x">The tensor to cut.</param>
    /// <param name="chunks">How many parts; at least 1.</param>
    /// <param name="axis">The axis to cut along; negative values count from the end.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunks"/> is less than 1, or <paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="ArgumentException">The axis's length is not a multiple of <paramref name="chunks"/>.</exception>
    public static Tensor<T>[] Chunk<T>(this Tensor<T> x, int chunks, int axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunks, 1);
        int at = ResolveAxis(axis, x.Rank, nameof(axis));
        nint length = x.Lengths[at];
        if (length % chunks != 0)
            throw new ArgumentException($"Chunk cannot cut axis {axis} of {Shape(x)} into {chunks} equal parts: {length} is not a multiple of {chunks}.", nameof(chunks));
        nint part = length / chunks;
        var parts = new Tensor<T>[chunks];
        for (int i = 0; i < chunks; i++) parts[i] = x.Narrow(at, i * part, part);
        return parts;
    }

    /// <summary>The two parts of a <see cref="Chunk{T}"/>: <c>var (a, b) = x.Chunk(2, axis)</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="parts"/> does not hold exactly two tensors.</exception>
    public static void Deconstruct<T>(this Tensor<T>[] parts, out Tensor<T> first, out Tensor<T> second)
    {
        Parts(parts, 2);
        (first, second) = (parts[0], parts[1]);
    }

    /// <summary>The three parts of a <see cref="Chunk{T}"/>: <c>var (q, k, v) = qkv.Chunk(3, axis)</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="parts"/> does not hold exactly three tensors.</exception>
    public static void Deconstruct<T>(this Tensor<T>[] parts, out Tensor<T> first, out Tensor<T> second, out Tensor<T> third)
    {
        Parts(parts, 3);
        (first, second, third) = (parts[0], parts[1], parts[2]);
    }

    /// <summary>The four parts of a <see cref="Chunk{T}"/>: <c>var (i, f, g, o) = gates.Chunk(4, axis)</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="parts"/> does not hold exactly four tensors.</exception>
    public static void Deconstruct<T>(this Tensor<T>[] parts, out Tensor<T> first, out Tensor<T> second, out Tensor<T> third, out Tensor<T> fourth)
    {
        Parts(parts, 4);
        (first, second, third, fourth) = (parts[0], parts[1], parts[2], parts[3]);
    }

    private static void Parts<T>(Tensor<T>[] parts, int count)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length != count)
            throw new ArgumentException($"Deconstructing into {count} tensors needs {count} parts, but there are {parts.Length}.", nameof(parts));
    }
}
