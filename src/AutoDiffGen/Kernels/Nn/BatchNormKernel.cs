using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Batch normalization in training mode, and its closed-form gradient: statistics of each feature over the batch,
/// axis 0 of a dense row-major <c>[count, features]</c> input.
/// </summary>
/// <remarks>
/// The batch is read row by row over a strip of features (<see cref="BatchNormStrips"/>), in contiguous runs rather
/// than one column at a time with a row's stride between loads, which the prefetchers cannot follow. Each feature
/// still adds its rows in order into a few interleaved partial sums, so the same input always gives the same bits on
/// any number of threads (each takes whole features). The variance is computed in two passes (the mean first), never
/// as E[x²] − E[x]².
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class BatchNormKernel
{
    /// <summary>
    /// <c>mean_f = Σᵣ x[r, f] / count</c>, <c>var_f = Σᵣ (x[r, f] − mean_f)² / (count − correction)</c>,
    /// <c>invStd[f] = 1 / sqrt(var_f + epsilon)</c>, <c>xhat[r, f] = (x[r, f] − mean_f) · invStd[f]</c> and
    /// <c>y[r, f] = gain[f] · xhat[r, f] + bias[f]</c> (one rounding).
    /// </summary>
    /// <param name="x">Row-major <c>[count, features]</c>.</param>
    /// <param name="gain"><c>[features]</c>.</param>
    /// <param name="bias"><c>[features]</c>.</param>
    /// <param name="y">Row-major <c>[count, features]</c>: the output.</param>
    /// <param name="xhat">Row-major <c>[count, features]</c>: the normalized input, for the backward pass.</param>
    /// <param name="invStd"><c>[features]</c>: the reciprocal standard deviations, for the backward pass.</param>
    /// <param name="count">The batch size; must exceed <paramref name="correction"/>.</param>
    /// <param name="features">The number of features.</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    /// <param name="correction">Subtracted from the count in the variance's divisor: 0 for the biased batch variance, 1 for Bessel's correction.</param>
    /// <exception cref="ArgumentException">
    /// A size or <paramref name="correction"/> is negative, <paramref name="count"/> does not exceed
    /// <paramref name="correction"/>, a span's length is not the one the sizes imply, or the outputs overlap each
    /// other or an input.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, Span<T> y, Span<T> xhat, Span<T> invStd,
        int count, int features, T epsilon, int correction)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("batch norm forward");
        KernelArguments.ThrowIfUnsupported<T>();
        CheckSizes(count, features, correction);
        KernelArguments.Length(x, nameof(x), count, features);
        KernelArguments.Length(gain, nameof(gain), features);
        KernelArguments.Length(bias, nameof(bias), features);
        KernelArguments.Length<T>(y, nameof(y), count, features);
        KernelArguments.Length<T>(xhat, nameof(xhat), count, features);
        KernelArguments.Length<T>(invStd, nameof(invStd), features);
        NormalizationArguments.CheckForwardOverlaps(x, gain, bias, y, xhat, invStd);

        // Features are independent, so ranges of them go to the threads.
        BatchNormStrips.Run<T, BatchNormForward<T>>(new BatchNormForward<T>(x, gain, bias, y, xhat, invStd, count, features, epsilon, correction), count, features);
    }

    /// <summary>
    /// The closed-form gradient of <see cref="Forward{T}"/>:
    /// <c>dx[r, f] = gain[f] · invStd[f] / count · (count · g[r, f] − Σᵣ g[r, f] − count / (count − correction) · xhat[r, f] · Σᵣ g[r, f] · xhat[r, f])</c>,
    /// <c>dGain[f] = Σᵣ g[r, f] · xhat[r, f]</c> and <c>dBias[f] = Σᵣ g[r, f]</c>. An empty output span is not computed.
    /// </summary>
    /// <param name="g">Row-major <c>[count, features]</c>: the gradient of <c>y</c>.</param>
    /// <param name="xhat">Row-major <c>[count, features]</c>, as <see cref="Forward{T}"/> stored it.</param>
    /// <param name="invStd"><c>[features]</c>, as <see cref="Forward{T}"/> stored it.</param>
    /// <param name="gain"><c>[features]</c>.</param>
    /// <param name="dx">Row-major <c>[count, features]</c>, or empty to skip it.</param>
    /// <param name="dGain"><c>[features]</c>, or empty to skip it.</param>
    /// <param name="dBias"><c>[features]</c>, or empty to skip it.</param>
    /// <param name="count">The batch size; must exceed <paramref name="correction"/>.</param>
    /// <param name="features">The number of features.</param>
    /// <param name="correction">As given to <see cref="Forward{T}"/>.</param>
    /// <exception cref="ArgumentException">
    /// A size or <paramref name="correction"/> is negative, <paramref name="count"/> does not exceed
    /// <paramref name="correction"/>, a span's length is not the one the sizes imply, or the outputs overlap each
    /// other or an input.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Backward<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> invStd, ReadOnlySpan<T> gain,
        Span<T> dx, Span<T> dGain, Span<T> dBias, int count, int features, int correction)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("batch norm backward");
        KernelArguments.ThrowIfUnsupported<T>();
        CheckSizes(count, features, correction);
        KernelArguments.Length(g, nameof(g), count, features);
        KernelArguments.Length(xhat, nameof(xhat), count, features);
        KernelArguments.Length(invStd, nameof(invStd), features);
        KernelArguments.Length(gain, nameof(gain), features);
        KernelArguments.LengthOrEmpty<T>(dx, nameof(dx), count, features);
        KernelArguments.LengthOrEmpty<T>(dGain, nameof(dGain), features);
        KernelArguments.LengthOrEmpty<T>(dBias, nameof(dBias), features);
        NormalizationArguments.CheckBackwardOverlaps(g, xhat, invStd, gain, dx, dGain, dBias);

        BatchNormStrips.Run<T, BatchNormBackward<T>>(new BatchNormBackward<T>(g, xhat, invStd, gain, dx, dGain, dBias, count, features, correction), count, features);
    }

    private static void CheckSizes(int count, int features, int correction)
    {
        KernelArguments.NotNegative(count, features, correction);
        if (count <= correction)
        {
            throw new ArgumentException(
                $"Batch normalization needs more rows than the variance correction: count is {count}, correction is {correction}.", nameof(count));
        }
    }
}
