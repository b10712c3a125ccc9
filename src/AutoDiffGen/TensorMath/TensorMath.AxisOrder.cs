using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

public static partial class TensorMath
{
    /// <summary>
    /// <paramref name="x"/> with two axes swapped, as <c>torch.transpose</c>: <c>[B, T, H, d].Transpose(1, 2)</c> is
    /// <c>[B, H, T, d]</c>. Negative axes count from the end. The result is a dense copy.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An axis is out of range for the tensor's rank.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Transpose<T>(this Tensor<T> x, int axis0, int axis1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        int first = ResolveAxis(axis0, x.Rank, nameof(axis0)), second = ResolveAxis(axis1, x.Rank, nameof(axis1));
        Span<int> axes = stackalloc int[x.Rank];
        for (int i = 0; i < axes.Length; i++) axes[i] = i;
        (axes[first], axes[second]) = (axes[second], axes[first]);
        return PermuteResolved(x, axes);
    }

    /// <summary>
    /// <paramref name="x"/> with its axes reordered, as <c>torch.permute</c>: result axis <c>d</c> is axis
    /// <c>axes[d]</c> of <paramref name="x"/>, so <c>[B, T, H, d].Permute(0, 2, 1, 3)</c> is <c>[B, H, T, d]</c>. Negative
    /// axes count from the end. The result is a dense copy.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="axes"/> does not name each axis exactly once.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Permute<T>(this Tensor<T> x, params ReadOnlySpan<int> axes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        if (axes.Length != x.Rank)
            throw new ArgumentException($"Permute needs one axis for each of the {x.Rank} axes of x {Shape(x)}, but was given {axes.Length}: [{string.Join(", ", axes.ToArray())}].", nameof(axes));
        Span<int> resolved = stackalloc int[axes.Length];
        Span<bool> seen = stackalloc bool[axes.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            resolved[i] = ResolveAxis(axes[i], x.Rank, nameof(axes));
            if (seen[resolved[i]])
                throw new ArgumentException($"Permute names axis {resolved[i]} twice in [{string.Join(", ", axes.ToArray())}]; each of the {x.Rank} axes of x {Shape(x)} must appear once.", nameof(axes));
            seen[resolved[i]] = true;
        }
        return PermuteResolved(x, resolved);
    }

    private static Tensor<T> PermuteResolved<T>(Tensor<T> x, ReadOnlySpan<int> axes) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(source.Length);
        PermuteKernel.Permute(source, data, x.Lengths, axes);
        var lengths = new nint[axes.Length];
        for (int d = 0; d < axes.Length; d++) lengths[d] = x.Lengths[axes[d]];
        return TensorData.Wrap(data, lengths);
    }

    // The axis in [0, rank) that 'axis' names, counting a negative one from the end, reported under 'parameter'.
    private static int ResolveAxis(int axis, int rank, string parameter)
    {
        if (axis < -rank || axis >= rank)
            throw new ArgumentOutOfRangeException(parameter, axis, $"Axis {axis} is out of range for a tensor of rank {rank}.");
        return axis < 0 ? axis + rank : axis;
    }
}
