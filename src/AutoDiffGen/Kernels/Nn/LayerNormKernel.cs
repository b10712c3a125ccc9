using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Layer normalization over the last axis of a dense row-major <c>[rows, features]</c> input, and its closed-form
/// gradient. Statistics are per row, with the biased variance computed in two passes (the mean first).
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class LayerNormKernel
{
    /// <summary>
    /// For each row r: <c>mean_r = Σ_f x[r, f] / features</c>, <c>var_r = Σ_f (x[r, f] − mean_r)² / features</c>,
    /// <c>invStd[r] = 1 / sqrt(var_r + epsilon)</c>, <c>xhat[r, f] = (x[r, f] − mean_r) · invStd[r]</c> and
    /// <c>y[r, f] = gain[f] · xhat[r, f] + bias[f]</c> (one rounding).
    /// </summary>
    /// <param name="x">Row-major <c>[rows, features]</c>.</param>
    /// <param name="gain"><c>[features]</c>.</param>
    /// <param name="bias"><c>[features]</c>.</param>
    /// <param name="y">Row-major <c>[rows, features]</c>: the output.</param>
    /// <param name="xhat">Row-major <c>[rows, features]</c>: the normalized input, for the backward pass.</param>
    /// <param name="invStd"><c>[rows]</c>: the reciprocal standard deviations, for the backward pass.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="features">The length of a row; at least 1 when there are rows.</param>
    /// <param name="epsilon">Added to the variance before the square root.</param>
    /// <exception cref="ArgumentException">
    /// A size is negative, <paramref name="features"/> is 0 while <paramref name="rows"/> is not, a span's length is
    /// not the one the sizes imply, or the outputs overlap each other or an input.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, Span<T> y, Span<T> xhat, Span<T> invStd,
        int rows, int features, T epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("layer norm forward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(rows, features);
        if (features == 0 && rows > 0)
            throw new ArgumentException("Layer normalization needs at least one feature: the statistics of an empty row are undefined.", nameof(features));
        KernelArguments.Length(x, nameof(x), rows, features);
        KernelArguments.Length(gain, nameof(gain), features);
        KernelArguments.Length(bias, nameof(bias), features);
        KernelArguments.Length<T>(y, nameof(y), rows, features);
        KernelArguments.Length<T>(xhat, nameof(xhat), rows, features);
        KernelArguments.Length<T>(invStd, nameof(invStd), rows);
        NormalizationArguments.CheckForwardOverlaps(x, gain, bias, y, xhat, invStd);

        // Rows are independent and each is computed the same way on whichever thread takes it: the bits do not depend
        // on the thread count.
        var runner = ParallelRunner.Shared;
        int parts = runner.Degree > 1 && (long)rows * features >= FusedLoop.ParallelThreshold ? Math.Min(rows, 4 * runner.Degree) : 1;
        var work = new ForwardRows<T>(x, gain, bias, y, xhat, invStd, features, epsilon, parts);
        if (parts > 1) runner.Run(work, parts);
        else work.Rows(0, rows);
    }

    /// <summary>Forward rows cut into parts for the threads: part i of n takes rows [i·rows/n, (i+1)·rows/n).</summary>
    private readonly ref struct ForwardRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, Span<T> y, Span<T> xhat,
        Span<T> invStd, int features, T epsilon, int parts) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _x = x, _gain = gain, _bias = bias;
        private readonly Span<T> _y = y, _xhat = xhat, _invStd = invStd;

        public void Run(int part)
        {
            int rows = _invStd.Length;
            Rows((int)((long)part * rows / parts), (int)((long)(part + 1) * rows / parts));
        }

        public void Rows(int first, int end)
        {
            T count = T.CreateTruncating(features);
            for (int r = first; r < end; r++)
            {
                ReadOnlySpan<T> row = _x.Slice(r * features, features);
                T mean = SumKernel.Sum(row) / count;
                T rowInvStd = T.One / T.Sqrt(RowFunctions.SumOfSquaredDeviations(row, mean) / count + epsilon);
                _invStd[r] = rowInvStd;
                var body = new ForwardBody<T>(in MemoryMarshal.GetReference(row), in MemoryMarshal.GetReference(_gain), in MemoryMarshal.GetReference(_bias),
                    ref MemoryMarshal.GetReference(_y.Slice(r * features)), ref MemoryMarshal.GetReference(_xhat.Slice(r * features)), mean, rowInvStd);
                FusedLoop.Run<T, ForwardBody<T>>(ref body, 1, features);
            }
        }
    }

    /// <summary>
    /// The closed-form gradient of <see cref="Forward{T}"/>: with <c>ĝ = g ⊙ gain</c>,
    /// <c>dx[r, f] = invStd[r] / features · (features · ĝ[r, f] − Σ_f ĝ[r, f] − xhat[r, f] · Σ_f ĝ[r, f] · xhat[r, f])</c>,
    /// <c>dGain[f] = Σᵣ g[r, f] · xhat[r, f]</c> and <c>dBias[f] = Σᵣ g[r, f]</c>, rows added in order. An empty
    /// output span is not computed.
    /// </summary>
    /// <param name="g">Row-major <c>[rows, features]</c>: the gradient of <c>y</c>.</param>
    /// <param name="xhat">Row-major <c>[rows, features]</c>, as <see cref="Forward{T}"/> stored it.</param>
    /// <param name="invStd"><c>[rows]</c>, as <see cref="Forward{T}"/> stored it.</param>
    /// <param name="gain"><c>[features]</c>.</param>
    /// <param name="dx">Row-major <c>[rows, features]</c>, or empty to skip it.</param>
    /// <param name="dGain"><c>[features]</c>, or empty to skip it.</param>
    /// <param name="dBias"><c>[features]</c>, or empty to skip it.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="features">The length of a row.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or the outputs overlap each other or an input.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Backward<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> invStd, ReadOnlySpan<T> gain,
        Span<T> dx, Span<T> dGain, Span<T> dBias, int rows, int features)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("layer norm backward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(rows, features);
        KernelArguments.Length(g, nameof(g), rows, features);
        KernelArguments.Length(xhat, nameof(xhat), rows, features);
        KernelArguments.Length(invStd, nameof(invStd), rows);
        KernelArguments.Length(gain, nameof(gain), features);
        KernelArguments.LengthOrEmpty<T>(dx, nameof(dx), rows, features);
        KernelArguments.LengthOrEmpty<T>(dGain, nameof(dGain), features);
        KernelArguments.LengthOrEmpty<T>(dBias, nameof(dBias), features);
        NormalizationArguments.CheckBackwardOverlaps(g, xhat, invStd, gain, dx, dGain, dBias);

        dGain.Clear();
        dBias.Clear();
        T count = T.CreateTruncating(features);
        for (int r = 0; r < rows; r++)
        {
            // One pass gathers the row's sums and adds the row into dGain and dBias; a second writes dx.
            var sums = new SumsBody<T>(g.Slice(r * features, features), xhat.Slice(r * features, features), gain, dGain, dBias, sumForDx: !dx.IsEmpty);
            FusedLoop.Run<T, SumsBody<T>>(ref sums, 1, features);
            if (dx.IsEmpty) continue;

            var body = new DxBody<T>(g.Slice(r * features, features), xhat.Slice(r * features, features), gain, dx.Slice(r * features, features),
                scale: invStd[r] / count, count, sums.SumGHat.Total(), sums.SumGHatXhat.Total());
            FusedLoop.Run<T, DxBody<T>>(ref body, 1, features);
        }
    }

    // xhat = (x − mean) · invStd; y = gain · xhat + bias.
    private readonly ref struct ForwardBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _x;
        private readonly ref readonly T _gain;
        private readonly ref readonly T _bias;
        private readonly ref T _y;
        private readonly ref T _xhat;
        private readonly T _mean;
        private readonly T _invStd;

        public ForwardBody(ref readonly T x, ref readonly T gain, ref readonly T bias, ref T y, ref T xhat, T mean, T invStd)
        {
            _x = ref x;
            _gain = ref gain;
            _bias = ref bias;
            _y = ref y;
            _xhat = ref xhat;
            _mean = mean;
            _invStd = invStd;
        }

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint f) where TSimd : struct, ISimd<TSimd, T>
        {
            var xhat = (TSimd.Load(in _x, f) - TSimd.Splat(_mean)) * TSimd.Splat(_invStd);
            TSimd.Store(xhat, ref _xhat, f);
            TSimd.Store(TSimd.MultiplyAdd(TSimd.Load(in _gain, f), xhat, TSimd.Load(in _bias, f)), ref _y, f);
        }

        public void EndRow(nint row) { }
    }

    // Σ ĝ and Σ ĝ ⊙ xhat along the row (when dx is wanted); dGain += g ⊙ xhat and dBias += g (when wanted).
    private ref struct SumsBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _g;
        private readonly ref readonly T _xhat;
        private readonly ref readonly T _gain;
        private readonly ref T _dGain;
        private readonly ref T _dBias;
        private readonly bool _sumForDx, _addDGain, _addDBias;
        public RowAccumulator<T> SumGHat;
        public RowAccumulator<T> SumGHatXhat;

        public SumsBody(ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> gain, Span<T> dGain, Span<T> dBias, bool sumForDx)
        {
            _g = ref MemoryMarshal.GetReference(g);
            _xhat = ref MemoryMarshal.GetReference(xhat);
            _gain = ref MemoryMarshal.GetReference(gain);
            _dGain = ref MemoryMarshal.GetReference(dGain);
            _dBias = ref MemoryMarshal.GetReference(dBias);
            _sumForDx = sumForDx;
            _addDGain = !dGain.IsEmpty;
            _addDBias = !dBias.IsEmpty;
        }

        public readonly void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint f) where TSimd : struct, ISimd<TSimd, T>
        {
            var g = TSimd.Load(in _g, f);
            var xhat = TSimd.Load(in _xhat, f);
            if (_sumForDx)
            {
                var gHat = g * TSimd.Load(in _gain, f);
                SumGHat.Add(gHat);
                SumGHatXhat.Add(gHat * xhat);
            }
            if (_addDGain) TSimd.Store(TSimd.MultiplyAdd(g, xhat, TSimd.Load(in _dGain, f)), ref _dGain, f);
            if (_addDBias) TSimd.Store(TSimd.Load(in _dBias, f) + g, ref _dBias, f);
        }

        public readonly void EndRow(nint row) { }
    }

    // dx = scale · (features · ĝ − Σ ĝ − xhat · Σ ĝ ⊙ xhat), scale = invStd / features.
    private readonly ref struct DxBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _g;
        private readonly ref readonly T _xhat;
        private readonly ref readonly T _gain;
        private readonly ref T _dx;
        private readonly T _scale;
        private readonly T _count;
        private readonly T _sumGHat;
        private readonly T _sumGHatXhat;

        public DxBody(ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> gain, Span<T> dx, T scale, T count, T sumGHat, T sumGHatXhat)
        {
            _g = ref MemoryMarshal.GetReference(g);
            _xhat = ref MemoryMarshal.GetReference(xhat);
            _gain = ref MemoryMarshal.GetReference(gain);
            _dx = ref MemoryMarshal.GetReference(dx);
            _scale = scale;
            _count = count;
            _sumGHat = sumGHat;
            _sumGHatXhat = sumGHatXhat;
        }

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint f) where TSimd : struct, ISimd<TSimd, T>
        {
            var gHat = TSimd.Load(in _g, f) * TSimd.Load(in _gain, f);
            var inner = TSimd.Splat(_count) * gHat - TSimd.Splat(_sumGHat) - TSimd.Load(in _xhat, f) * TSimd.Splat(_sumGHatXhat);
            TSimd.Store(TSimd.Splat(_scale) * inner, ref _dx, f);
        }

        public void EndRow(nint row) { }
    }
}
