using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Runtime;

/// <summary>Reads and writes the elements of a <see cref="Tensor{T}"/> as one row-major span.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class TensorData
{
    /// <summary>
    /// The elements of <paramref name="tensor"/> in row-major order: its own storage when it is dense, otherwise
    /// a copy in <paramref name="copy"/>, which is grown when too small and reused across calls.
    /// </summary>
    public static ReadOnlySpan<T> Read<T>(Tensor<T> tensor, ref T[]? copy)
    {
        int length = checked((int)tensor.FlattenedLength);
        if (length == 0) return ReadOnlySpan<T>.Empty;
        if (tensor.IsDense) return Storage(tensor, length);
        if (copy is null || copy.Length < length) copy = new T[length];
        Span<T> destination = copy.AsSpan(0, length);
        tensor.FlattenTo(destination);
        return destination;
    }

    /// <summary>The storage of a dense tensor, for writing its elements in row-major order.</summary>
    /// <exception cref="ArgumentException">The tensor is not dense.</exception>
    public static Span<T> Write<T>(Tensor<T> tensor, string parameterName)
    {
        if (!tensor.IsDense)
            throw new ArgumentException($"'{parameterName}' must be a dense tensor to be written to.", parameterName);
        int length = checked((int)tensor.FlattenedLength);
        return length == 0 ? Span<T>.Empty : Storage(tensor, length);
    }

    /// <summary>A dense tensor of <paramref name="lengths"/> over <paramref name="data"/>, without copying.</summary>
    public static Tensor<T> Wrap<T>(T[] data, ReadOnlySpan<nint> lengths) => Tensor.Create(data, lengths);

    // Through a reference to the first element. Not GetPinnableReference, which points at the start of the
    // underlying memory rather than of a slice; not GetSpan, which in System.Numerics.Tensors 10.0 throws for dense
    // tensors with a length-1 axis (a [2, 1] tensor has strides [1, 0]).
    private static Span<T> Storage<T>(Tensor<T> tensor, int length)
    {
        Span<nint> origin = tensor.Rank <= 16 ? stackalloc nint[tensor.Rank] : new nint[tensor.Rank];
        origin.Clear();
        return MemoryMarshal.CreateSpan(ref tensor[origin], length);
    }

    /// <summary>A reference to the first element of <paramref name="span"/>, for the generated loop bodies.</summary>
    public static ref T Start<T>(Span<T> span) => ref MemoryMarshal.GetReference(span);

    /// <summary>A reference to the first element of <paramref name="span"/>, for the generated loop bodies.</summary>
    public static ref T Start<T>(ReadOnlySpan<T> span) => ref MemoryMarshal.GetReference(span);
}
