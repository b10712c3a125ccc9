using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// <see cref="BatchNormKernel.Backward{T}"/> over one strip of features. Both column sums (of g and of g · xhat) go
/// into two interleaved partial sums each (even and odd rows, an odd last row into the even one), as in the forward pass.
/// </summary>
internal readonly ref struct BatchNormBackward<T> : IBatchNormStrip<T> where T : unmanaged, IFloatingPointIeee754<T>
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
    private readonly nint _features;
    private readonly T _countValue, _besselRatio;

    public BatchNormBackward(ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> invStd, ReadOnlySpan<T> gain,
        Span<T> dx, Span<T> dGain, Span<T> dBias, int count, int features, int correction)
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
        _features = features;
        _countValue = T.CreateTruncating(count);
        _besselRatio = T.CreateTruncating(count) / T.CreateTruncating(count - correction);
    }

    public void Run<TSimd>(nint first, nint width) where TSimd : struct, ISimd<TSimd, T>
    {
        // Rows of the scratch: Σ g even, Σ g odd, Σ g·xhat even, Σ g·xhat odd; then Σ g, the scale and the projection.
        Span<T> scratch = stackalloc T[4 * BatchNormStrips.MaxWidth];
        ref T sums = ref MemoryMarshal.GetReference(scratch);
        int whole = _count & ~1;

        scratch.Slice(0, 4 * (int)width).Clear();
        for (int r = 0; r < _count; r++)
        {
            nint parity = r < whole ? r & 1 : 0;
            ref T gSums = ref Unsafe.Add(ref sums, parity * width);
            ref T products = ref Unsafe.Add(ref sums, (2 + parity) * width);
            nint at = r * _features + first, v = 0;
            for (; v <= width - TSimd.Count; v += TSimd.Count) Accumulate<TSimd>(ref gSums, ref products, at, v);
            for (; v < width; v++) Accumulate<SimdScalar<T>>(ref gSums, ref products, at, v);
        }
        {
            nint v = 0;
            for (; v <= width - TSimd.Count; v += TSimd.Count) Totals<TSimd>(ref sums, width, first, v);
            for (; v < width; v++) Totals<SimdScalar<T>>(ref sums, width, first, v);
        }
        if (!_computeDx) return;

        for (int r = 0; r < _count; r++)
        {
            nint at = r * _features + first, v = 0;
            for (; v <= width - TSimd.Count; v += TSimd.Count) Dx<TSimd>(ref sums, width, at, v);
            for (; v < width; v++) Dx<SimdScalar<T>>(ref sums, width, at, v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Accumulate<TSimd>(ref T gSums, ref T products, nint at, nint v) where TSimd : struct, ISimd<TSimd, T>
    {
        var g = TSimd.Load(in _g, at + v);
        TSimd.Store(TSimd.Load(in gSums, v) + g, ref gSums, v);
        TSimd.Store(TSimd.MultiplyAdd(g, TSimd.Load(in _xhat, at + v), TSimd.Load(in products, v)), ref products, v);
    }

    /// <summary>Stores dGain and dBias, and leaves Σ g, the scale and the projection in scratch rows 0, 1 and 2 for dx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Totals<TSimd>(ref T sums, nint width, nint first, nint v) where TSimd : struct, ISimd<TSimd, T>
    {
        var sumG = TSimd.Load(in sums, v) + TSimd.Load(in sums, width + v);
        var sumGXhat = TSimd.Load(in sums, 2 * width + v) + TSimd.Load(in sums, 3 * width + v);
        if (_computeDGain) TSimd.Store(sumGXhat, ref _dGain, first + v);
        if (_computeDBias) TSimd.Store(sumG, ref _dBias, first + v);
        var scale = TSimd.Load(in _gain, first + v) * TSimd.Load(in _invStd, first + v) / TSimd.Splat(_countValue);
        TSimd.Store(sumG, ref sums, v);
        TSimd.Store(scale, ref sums, width + v);
        TSimd.Store(TSimd.Splat(_besselRatio) * sumGXhat, ref sums, 2 * width + v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Dx<TSimd>(ref T sums, nint width, nint at, nint v) where TSimd : struct, ISimd<TSimd, T>
    {
        var inner = TSimd.Splat(_countValue) * TSimd.Load(in _g, at + v) - TSimd.Load(in sums, v) - TSimd.Load(in _xhat, at + v) * TSimd.Load(in sums, 2 * width + v);
        TSimd.Store(TSimd.Load(in sums, width + v) * inner, ref _dx, at + v);
    }
}
