using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// Narrow and Concat return new dense tensors. They are named as in PyTorch (torch.narrow, torch.cat's short form)
// rather than Slice, which Tensor<T> already has as an instance method taking ranges.
public static partial class TensorMath
{
    /// <summary>
    /// The positions <paramref name="start"/> to <c>start + length − 1</c> along <paramref name="axis"/>, as
    /// <c>torch.narrow</c>: q, k and v out of one <c>[B, T, 3·C]</c> projection are <c>qkv.Narrow(2, 0, c)</c>,
    /// <c>qkv.Narrow(2, c, c)</c> and <c>qkv.Narrow(2, 2 * c, c)</c>.
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis to narrow; negative values count from the end.</param>
    /// <param name="start">The first position kept.</param>
    /// <param name="length">The number of positions kept.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="ArgumentException">The positions do not fit in the axis.</exception>
    public static Tensor<T> Narrow<T>(this Tensor<T> x, int axis, nint start, nint length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        int at = ResolveAxis(axis, x.Rank, nameof(axis));
        if (start < 0 || length < 0 || start + length > x.Lengths[at])
            throw new ArgumentException($"Positions {start} to {start + length - 1} do not fit in axis {axis} of {Shape(x)}.", nameof(start));
        var (outer, axisLength, inner) = AroundAxis(x.Lengths, at);
        var lengths = x.Lengths.ToArray();
        lengths[at] = length;
        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        var data = new T[outer * (int)length * inner];
        NarrowKernel.Narrow(source, data, outer, axisLength, inner, (int)start, (int)length);
        return TensorData.Wrap(data, lengths);
    }

    /// <summary>
    /// The tensors joined along <paramref name="axis"/>, as <c>torch.cat</c>: every other length must agree, and the
    /// result's length along the axis is the sum of theirs.
    /// </summary>
    /// <param name="axis">The axis to join along; negative values count from the end.</param>
    /// <param name="tensors">The tensors, in order; at least one.</param>
    /// <exception cref="ArgumentNullException">A tensor is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="ArgumentException">No tensors are given, or their ranks or other lengths differ.</exception>
    public static Tensor<T> Concat<T>(int axis, params Tensor<T>[] tensors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ThrowIfUnsupported<T>();
        if (tensors.Length == 0) throw new ArgumentException("Concat needs at least one tensor.", nameof(tensors));
        foreach (var tensor in tensors) ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
        var first = tensors[0];
        int at = ResolveAxis(axis, first.Rank, nameof(axis));
        nint total = 0;
        foreach (var tensor in tensors)
        {
            bool fits = tensor.Rank == first.Rank;
            for (int i = 0; fits && i < first.Rank; i++) fits = i == at || tensor.Lengths[i] == first.Lengths[i];
            if (!fits)
                throw new ArgumentException($"Concat along axis {axis} needs every other length equal; {Shape(first)} and {Shape(tensor)} differ.", nameof(tensors));
            total += tensor.Lengths[at];
        }
        var lengths = first.Lengths.ToArray();
        lengths[at] = total;
        var (outer, _, inner) = AroundAxis(lengths, at);
        var data = new T[outer * (int)total * inner];
        int start = 0;
        foreach (var tensor in tensors)
        {
            T[]? copy = null;
            int length = (int)tensor.Lengths[at];
            NarrowKernel.Place(Read(tensor, ref copy), data, outer, (int)total, inner, start, length, clearRest: false);
            start += length;
        }
        return TensorData.Wrap(data, lengths);
    }
}
