using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Batch normalization in training mode, and its closed-form gradient: statistics of each feature over the batch,
/// axis 0 of a dense row-major <c>[count, features]</c> input.
/// </summary>
/// <remarks>
/// Each SIMD lane owns one feature and walks down the batch, adding in row order, so the sums cost no scratch memory
/// and the same input always gives the same bits, on any number of threads (each takes whole features). The variance is computed in two passes (the mean first), never as
/// E[x²] − E[x]².
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

        // Features are independent (each lane walks its own column down the batch), so ranges of them go to the threads.
        var body = new ForwardBody<T>(x, gain, bias, y, xhat, invStd, count, epsilon, correction);
        FusedLoop.RunParallel<T, ForwardBody<T>>(ref body, 1, features, (long)count * features);
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

        var body = new BackwardBody<T>(g, xhat, invStd, gain, dx, dGain, dBias, count, correction);
        FusedLoop.RunParallel<T, BackwardBody<T>>(ref body, 1, features, (long)count * features);
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

    private readonly ref struct ForwardBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _x;
        private readonly ref readonly T _gain;
        private readonly ref readonly T _bias;
        private readonly ref T _y;
        private readonly ref T _xhat;
        private readonly ref T _invStd;
        private readonly int _count;
        private readonly T _countValue;
        private readonly nint _features;
        private readonly T _epsilon;
        private readonly T _divisor;

        public ForwardBody(ReadOnlySpan<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, Span<T> y, Span<T> xhat, Span<T> invStd,
            int count, T epsilon, int correction)
        {
            _x = ref MemoryMarshal.GetReference(x);
            _gain = ref MemoryMarshal.GetReference(gain);
            _bias = ref MemoryMarshal.GetReference(bias);
            _y = ref MemoryMarshal.GetReference(y);
            _xhat = ref MemoryMarshal.GetReference(xhat);
            _invStd = ref MemoryMarshal.GetReference(invStd);
            _count = count;
            _features = invStd.Length;
            _epsilon = epsilon;
            _divisor = T.CreateTruncating(count - correction);
            _countValue = T.CreateTruncating(count);
        }

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint f) where TSimd : struct, ISimd<TSimd, T>
        {
            // Column sums over the batch in four interleaved partial sums (rows r mod 4), totalled as (0 + 1) + (2 + 3):
            // four short dependency chains instead of one as long as the batch.
            var zero = TSimd.Splat(T.Zero);
            var (s0, s1, s2, s3) = (zero, zero, zero, zero);
            int r = 0;
            for (; r + 4 <= _count; r += 4)
            {
                s0 += TSimd.Load(in _x, r * _features + f);
                s1 += TSimd.Load(in _x, (r + 1) * _features + f);
                s2 += TSimd.Load(in _x, (r + 2) * _features + f);
                s3 += TSimd.Load(in _x, (r + 3) * _features + f);
            }
            for (; r < _count; r++) s0 += TSimd.Load(in _x, r * _features + f);
            var mean = ((s0 + s1) + (s2 + s3)) / TSimd.Splat(_countValue);

            (s0, s1, s2, s3) = (zero, zero, zero, zero);
            for (r = 0; r + 4 <= _count; r += 4)
            {
                s0 = SquaredDeviation<TSimd>(r * _features + f, mean, s0);
                s1 = SquaredDeviation<TSimd>((r + 1) * _features + f, mean, s1);
                s2 = SquaredDeviation<TSimd>((r + 2) * _features + f, mean, s2);
                s3 = SquaredDeviation<TSimd>((r + 3) * _features + f, mean, s3);
            }
            for (; r < _count; r++) s0 = SquaredDeviation<TSimd>(r * _features + f, mean, s0);
            var squares = (s0 + s1) + (s2 + s3);
            var invStd = TSimd.Splat(T.One) / TSimd.Sqrt(squares / TSimd.Splat(_divisor) + TSimd.Splat(_epsilon));
            TSimd.Store(invStd, ref _invStd, f);

            var gain = TSimd.Load(in _gain, f);
            var bias = TSimd.Load(in _bias, f);
            for (r = 0; r < _count; r++)
            {
                nint at = r * _features + f;
                var xhat = (TSimd.Load(in _x, at) - mean) * invStd;
                TSimd.Store(xhat, ref _xhat, at);
                TSimd.Store(TSimd.MultiplyAdd(gain, xhat, bias), ref _y, at);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private TSimd SquaredDeviation<TSimd>(nint at, TSimd mean, TSimd sum) where TSimd : struct, ISimd<TSimd, T>
        {
            var deviation = TSimd.Load(in _x, at) - mean;
            return TSimd.MultiplyAdd(deviation, deviation, sum);
        }

        public void EndRow(nint row) { }
    }

    private readonly ref struct BackwardBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _g;
        private readonly ref readonly T _xhat;
        private readonly ref readonly T _invStd;
        private readonly ref readonly T _gain;
        private readonly ref T _dx;
        private readonly ref T _dGain;
        private readonly ref T _dBias;
        private readonly bool _computeDx, _computeDGain, _computeDBias;
        private readonly int _count;
        private readonly T _countValue;
        private readonly nint _features;
        private readonly T _besselRatio;

        public BackwardBody(ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> invStd, ReadOnlySpan<T> gain,
            Span<T> dx, Span<T> dGain, Span<T> dBias, int count, int correction)
        {
            _g = ref MemoryMarshal.GetReference(g);
            _xhat = ref MemoryMarshal.GetReference(xhat);
            _invStd = ref MemoryMarshal.GetReference(invStd);
            _gain = ref MemoryMarshal.GetReference(gain);
            _dx = ref MemoryMarshal.GetReference(dx);
            _dGain = ref MemoryMarshal.GetReference(dGain);
            _dBias = ref MemoryMarshal.GetReference(dBias);
            _computeDx = !dx.IsEmpty;
            _computeDGain = !dGain.IsEmpty;
            _computeDBias = !dBias.IsEmpty;
            _count = count;
            _features = invStd.Length;
            _besselRatio = T.CreateTruncating(count) / T.CreateTruncating(count - correction);
            _countValue = T.CreateTruncating(count);
        }

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint f) where TSimd : struct, ISimd<TSimd, T>
        {
            // Both column sums in two interleaved partial sums each (even and odd rows), as in the forward pass.
            var zero = TSimd.Splat(T.Zero);
            var (g0, g1, p0, p1) = (zero, zero, zero, zero);
            int r = 0;
            for (; r + 2 <= _count; r += 2)
            {
                nint at = r * _features + f;
                var even = TSimd.Load(in _g, at);
                var odd = TSimd.Load(in _g, at + _features);
                g0 += even;
                g1 += odd;
                p0 = TSimd.MultiplyAdd(even, TSimd.Load(in _xhat, at), p0);
                p1 = TSimd.MultiplyAdd(odd, TSimd.Load(in _xhat, at + _features), p1);
            }
            if (r < _count)
            {
                nint at = r * _features + f;
                var g = TSimd.Load(in _g, at);
                g0 += g;
                p0 = TSimd.MultiplyAdd(g, TSimd.Load(in _xhat, at), p0);
            }
            var sumG = g0 + g1;
            var sumGXhat = p0 + p1;
            if (_computeDGain) TSimd.Store(sumGXhat, ref _dGain, f);
            if (_computeDBias) TSimd.Store(sumG, ref _dBias, f);
            if (!_computeDx) return;

            var n = TSimd.Splat(_countValue);
            var scale = TSimd.Load(in _gain, f) * TSimd.Load(in _invStd, f) / n;
            var projection = TSimd.Splat(_besselRatio) * sumGXhat;
            for (r = 0; r < _count; r++)
            {
                nint at = r * _features + f;
                var inner = n * TSimd.Load(in _g, at) - sumG - TSimd.Load(in _xhat, at) * projection;
                TSimd.Store(scale * inner, ref _dx, at);
            }
        }

        public void EndRow(nint row) { }
    }
}
