using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

public static partial class TensorMath
{
    /// <summary>
    /// The mean cross-entropy of rows of logits against target classes:
    /// <c>(1 / N) Σᵣ (log Σ꜀ exp(logits[r, c]) − logits[r, targets[r]])</c>, computed with each row's maximum
    /// subtracted, so logits of any magnitude give a finite loss. NaN when <c>N</c> is 0.
    /// </summary>
    /// <param name="logits">The unnormalized scores, <c>[N, C]</c>.</param>
    /// <param name="targets">Each row's class, <c>[N]</c>, each in <c>[0, C)</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="logits"/> or <paramref name="targets"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes are not <c>[N, C]</c> and <c>[N]</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside <c>[0, C)</c>: <c>ParamName</c> is <c>targets</c> and the message names the value and its position.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static T CrossEntropy<T>(this Tensor<T> logits, Tensor<int> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        ThrowIfUnsupported<T>();
        if (logits.Rank != 2 || targets.Rank != 1 || targets.Lengths[0] != logits.Lengths[0])
        {
            throw new ArgumentException(
                $"CrossEntropy needs logits [N, C] and targets [N], but logits is {Shape(logits)} and targets is {Shape(targets)}.");
        }
        int count = checked((int)logits.Lengths[0]), classes = checked((int)logits.Lengths[1]);

        int[]? targetCopy = null;
        ReadOnlySpan<int> target = TensorData.Read(targets, ref targetCopy);
        IndexCheck.InRange(target, classes, nameof(targets));

        T[]? copy = null;
        ReadOnlySpan<T> source = Read(logits, ref copy);
        T[] logSumExp = ArrayPool<T>.Shared.Rent(count);
        T loss = CrossEntropyKernel.Forward(source, target, logSumExp.AsSpan(0, count), count, classes);
        ArrayPool<T>.Shared.Return(logSumExp);
        return loss;
    }

    /// <summary>
    /// The mean squared difference <c>(1 / n) Σᵢ (a[i] − b[i])²</c> of two tensors of the same shape, summed in a
    /// fixed order; NaN for empty tensors.
    /// </summary>
    /// <param name="a">The first operand, e.g. the predictions.</param>
    /// <param name="b">The second operand, e.g. the targets; the same shape as <paramref name="a"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> or <paramref name="b"/> is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static T Mse<T>(this Tensor<T> a, Tensor<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ThrowIfUnsupported<T>();
        if (!a.Lengths.SequenceEqual(b.Lengths))
            throw new ArgumentException($"Mse needs tensors of the same shape, but a is {Shape(a)} and b is {Shape(b)}.");

        T[]? aCopy = null, bCopy = null;
        return MseKernel.Forward(Read(a, ref aCopy), Read(b, ref bCopy));
    }
}
