using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// Every exponential is of x minus the maximum along the axis, so inputs of any magnitude give finite results.
// Unlike the in-box Tensor.SoftMax, which normalizes over all elements, these work along one axis.
public static partial class TensorMath
{
    /// <summary>
    /// The softmax along <paramref name="axis"/>: <c>result[o, k, i] = exp(x[o, k, i] − m) / Σⱼ exp(x[o, j, i] − m)</c>,
    /// with <c>m</c> the maximum along the axis. The result has <paramref name="x"/>'s shape.
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis to normalize along; negative values count from the end (-1 is the last axis).</param>
    /// <param name="causal">
    /// Attention's causal mask: <paramref name="x"/> is a stack of square <c>[..., T, T]</c> score matrices, the axis is
    /// the last, and row <c>i</c> of each matrix is normalized over its first <c>i + 1</c> entries, the rest being 0 (as
    /// if masked with −∞; <c>torch.softmax(x.masked_fill(~tril, -inf), -1)</c>).
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="causal"/> is set but the axis is not the last, or the last two dimensions differ.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> Softmax<T>(this Tensor<T> x, int axis, bool causal = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        int resolved = ResolveAxis(axis, x.Rank);
        if (causal && (x.Rank < 2 || resolved != x.Rank - 1 || x.Lengths[^1] != x.Lengths[^2]))
            throw new ArgumentException(
                $"A causal softmax needs square [..., T, T] matrices normalized along the last axis; x is [{string.Join(", ", x.Lengths.ToArray())}] and the axis is {axis}.",
                nameof(x));
        var (outer, length, inner) = AroundAxis(x.Lengths, resolved);
        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        T[] data = OwnCopyOrNew(copy, source.Length);
        if (causal) SoftmaxKernel.CausalSoftmax(source, data, length == 0 ? 0 : outer / length, length);
        else SoftmaxKernel.Softmax(source, data, outer, length, inner);
        return TensorData.Wrap(data, x.Lengths);
    }

    /// <summary>
    /// The log-softmax along <paramref name="axis"/>: <c>result[o, k, i] = (x[o, k, i] − m) − log Σⱼ exp(x[o, j, i] − m)</c>,
    /// with <c>m</c> the maximum along the axis. The result has <paramref name="x"/>'s shape.
    /// </summary>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis to normalize along; negative values count from the end (-1 is the last axis).</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> LogSoftmax<T>(this Tensor<T> x, int axis) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        var (outer, length, inner) = AroundAxis(x.Lengths, ResolveAxis(axis, x.Rank));
        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        T[] data = OwnCopyOrNew(copy, source.Length);
        SoftmaxKernel.LogSoftmax(source, data, outer, length, inner);
        return TensorData.Wrap(data, x.Lengths);
    }

    /// <summary>
    /// The log-sum-exp along <paramref name="axis"/>: <c>result[o, i] = m + log Σₖ exp(x[o, k, i] − m)</c>, with
    /// <c>m</c> the maximum along the axis; negative infinity along an empty axis.
    /// </summary>
    /// <remarks>The result's shape is that of <see cref="Sum{T}(Tensor{T}, int, bool)"/>.</remarks>
    /// <param name="x">The tensor.</param>
    /// <param name="axis">The axis to reduce; negative values count from the end (-1 is the last axis).</param>
    /// <param name="keepDims">Keep the reduced axis with length 1, so the result broadcasts against <paramref name="x"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="axis"/> is not in <c>[-rank, rank)</c>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> LogSumExp<T>(this Tensor<T> x, int axis, bool keepDims = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ThrowIfUnsupported<T>();
        int resolved = ResolveAxis(axis, x.Rank);
        var (outer, length, inner) = AroundAxis(x.Lengths, resolved);

        T[]? copy = null;
        ReadOnlySpan<T> source = Read(x, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(checked(outer * inner));
        SoftmaxKernel.LogSumExp(source, data, outer, length, inner);
        return TensorData.Wrap(data, ReducedLengths(x.Lengths, resolved, keepDims));
    }

    // A non-dense input was copied into a fresh array of its own: these kernels may write over their input, so that
    // copy can be the result.
    private static T[] OwnCopyOrNew<T>(T[]? copy, int length)
        => copy is not null && copy.Length == length ? copy : GC.AllocateUninitializedArray<T>(length);
}
