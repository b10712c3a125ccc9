using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

public static partial class TensorMath
{
    /// <summary>
    /// Batch normalization in training mode, with the batch's own statistics over axis 0 of <c>x [N, H]</c>:
    /// <c>result[r, f] = gain[f] · (x[r, f] − mean_f) / sqrt(var_f + epsilon) + bias[f]</c>, where
    /// <c>var_f = Σᵣ (x[r, f] − mean_f)² / (N − correction)</c> is computed in two passes.
    /// </summary>
    /// <param name="x">The batch, <c>[N, H]</c>.</param>
    /// <param name="gain">The scale per feature, <c>[H]</c> or <c>[1, H]</c>.</param>
    /// <param name="bias">The shift per feature, <c>[H]</c> or <c>[1, H]</c>.</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    /// <param name="correction">
    /// Subtracted from <c>N</c> in the variance's divisor: 0 (the default) for the biased batch variance PyTorch uses,
    /// 1 for Bessel's correction.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/>, <paramref name="gain"/> or <paramref name="bias"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="x"/> is not 2-D, <paramref name="gain"/> or <paramref name="bias"/> is neither <c>[H]</c> nor
    /// <c>[1, H]</c>, or <c>N</c> does not exceed <paramref name="correction"/>.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="correction"/> is negative.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> BatchNorm<T>(this Tensor<T> x, Tensor<T> gain, Tensor<T> bias, double epsilon = 1e-5, int correction = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gain);
        ArgumentNullException.ThrowIfNull(bias);
        ThrowIfUnsupported<T>();
        ArgumentOutOfRangeException.ThrowIfNegative(correction);
        if (x.Rank != 2)
            throw new ArgumentException($"BatchNorm needs x [N, H], but x is {Shape(x)}.", nameof(x));
        int count = checked((int)x.Lengths[0]), features = checked((int)x.Lengths[1]);
        if (!IsFeatureVector(gain, features, allowLeadingOne: true) || !IsFeatureVector(bias, features, allowLeadingOne: true))
        {
            throw new ArgumentException(
                $"BatchNorm needs gain and bias [H] or [1, H] for x [N, H], but x is {Shape(x)}, gain is {Shape(gain)} and bias is {Shape(bias)}.");
        }
        if (count <= correction)
        {
            throw new ArgumentException(
                $"BatchNorm needs more than {correction} row{(correction == 1 ? "" : "s")} for batch statistics with correction {correction}, but x is {Shape(x)}.",
                nameof(x));
        }

        T[]? xCopy = null, gainCopy = null, biasCopy = null;
        ReadOnlySpan<T> source = Read(x, ref xCopy);
        T[] data = GC.AllocateUninitializedArray<T>(source.Length);
        T[] xhat = ArrayPool<T>.Shared.Rent(source.Length);
        T[] invStd = ArrayPool<T>.Shared.Rent(features);
        BatchNormKernel.Forward(source, Read(gain, ref gainCopy), Read(bias, ref biasCopy), data, xhat.AsSpan(0, source.Length),
            invStd.AsSpan(0, features), count, features, T.CreateTruncating(epsilon), correction);
        ArrayPool<T>.Shared.Return(xhat);
        ArrayPool<T>.Shared.Return(invStd);
        return TensorData.Wrap(data, x.Lengths);
    }

    /// <summary>
    /// Layer normalization over the last axis: for each row <c>r</c> of <c>D</c> features,
    /// <c>result[r, f] = gain[f] · (x[r, f] − mean_r) / sqrt(var_r + epsilon) + bias[f]</c>, where
    /// <c>var_r = Σ_f (x[r, f] − mean_r)² / D</c> (the biased variance) is computed in two passes. The result has
    /// <paramref name="x"/>'s shape.
    /// </summary>
    /// <param name="x">The tensor, of any rank; its last axis, of length <c>D</c>, is normalized.</param>
    /// <param name="gain">The scale per feature, <c>[D]</c>.</param>
    /// <param name="bias">The shift per feature, <c>[D]</c>.</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    /// <exception cref="ArgumentNullException"><paramref name="x"/>, <paramref name="gain"/> or <paramref name="bias"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="gain"/> or <paramref name="bias"/> is not <c>[D]</c>, or <c>D</c> is 0 while
    /// <paramref name="x"/> has rows.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> LayerNorm<T>(this Tensor<T> x, Tensor<T> gain, Tensor<T> bias, double epsilon = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gain);
        ArgumentNullException.ThrowIfNull(bias);
        ThrowIfUnsupported<T>();
        int features = checked((int)x.Lengths[^1]);
        if (!IsFeatureVector(gain, features, allowLeadingOne: false) || !IsFeatureVector(bias, features, allowLeadingOne: false))
        {
            throw new ArgumentException(
                $"LayerNorm needs gain and bias [D] for x [..., D], but x is {Shape(x)}, gain is {Shape(gain)} and bias is {Shape(bias)}.");
        }
        T[]? xCopy = null, gainCopy = null, biasCopy = null;
        ReadOnlySpan<T> source = Read(x, ref xCopy);
        int rows = features == 0 ? 0 : source.Length / features;
        if (features == 0 && !x.Lengths[..^1].Contains(0))
            throw new ArgumentException($"LayerNorm needs a last axis with at least one element, but x is {Shape(x)}.", nameof(x));

        T[] data = GC.AllocateUninitializedArray<T>(source.Length);
        T[] xhat = ArrayPool<T>.Shared.Rent(source.Length);
        T[] invStd = ArrayPool<T>.Shared.Rent(rows);
        LayerNormKernel.Forward(source, Read(gain, ref gainCopy), Read(bias, ref biasCopy), data, xhat.AsSpan(0, source.Length),
            invStd.AsSpan(0, rows), rows, features, T.CreateTruncating(epsilon));
        ArrayPool<T>.Shared.Return(xhat);
        ArrayPool<T>.Shared.Return(invStd);
        return TensorData.Wrap(data, x.Lengths);
    }

    // [features], or [1, features] where a leading 1 is allowed.
    private static bool IsFeatureVector<T>(Tensor<T> tensor, int features, bool allowLeadingOne)
        => tensor.Lengths is [var length] ? length == features
            : allowLeadingOne && tensor.Lengths is [1, var last] && last == features;
}
