using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// <see cref="BatchNormKernel.Forward{T}"/> over one strip of features. Each feature's column sums go into four
/// interleaved partial sums (rows r mod 4, the rows past the last multiple of four into the first), totalled as
/// (0 + 1) + (2 + 3): four short dependency chains instead of one as long as the batch.
/// </summary>
internal readonly ref struct BatchNormForward<T> : IBatchNormStrip<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ref readonly T _x;
    private readonly ref readonly T _gain;
    private readonly ref readonly T _bias;
    private readonly ref T _y;
    private readonly ref T _xhat;
    private readonly ref T _invStd;
    private readonly int _count;
    private readonly nint _features;
    private readonly T _countValue, _epsilon, _divisor;

    public BatchNormForward(ReadOnlySpan<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias, Span<T> y, Span<T> xhat, Span<T> invStd,
        int count, int features, T epsilon, int correction)
    {
        _x = ref MemoryMarshal.GetReference(x);
        _gain = ref MemoryMarshal.GetReference(gain);
        _bias = ref MemoryMarshal.GetReference(bias);
        _y = ref MemoryMarshal.GetReference(y);
        _xhat = ref MemoryMarshal.GetReference(xhat);
        _invStd = ref MemoryMarshal.GetReference(invStd);
        _count = count;
        _features = features;
        _countValue = T.CreateTruncating(count);
        _epsilon = epsilon;
        _divisor = T.CreateTruncating(count - correction);
    }

    public void Run<TSimd>(nint first, nint width) where TSimd : struct, ISimd<TSimd, T>
    {
        // Four rows of partial sums, then the means.
        Span<T> scratch = stackalloc T[5 * BatchNormStrips.MaxWidth];
        ref T sums = ref MemoryMarshal.GetReference(scratch);
        ref T mean = ref Unsafe.Add(ref sums, 4 * width);
        int whole = _count & ~3;

        scratch.Slice(0, 4 * (int)width).Clear();
        for (int r = 0; r < _count; r++)
        {
            ref T partial = ref Unsafe.Add(ref sums, (r < whole ? r & 3 : 0) * width);
            nint at = r * _features + first, v = 0;
            for (; v <= width - TSimd.Count; v += TSimd.Count) Add<TSimd>(ref partial, at, v);
            for (; v < width; v++) Add<SimdScalar<T>>(ref partial, at, v);
        }
        {
            nint v = 0;
            for (; v <= width - TSimd.Count; v += TSimd.Count) TSimd.Store(Total<TSimd>(ref sums, width, v) / TSimd.Splat(_countValue), ref mean, v);
            for (; v < width; v++) SimdScalar<T>.Store(Total<SimdScalar<T>>(ref sums, width, v) / SimdScalar<T>.Splat(_countValue), ref mean, v);
        }

        scratch.Slice(0, 4 * (int)width).Clear();
        for (int r = 0; r < _count; r++)
        {
            ref T partial = ref Unsafe.Add(ref sums, (r < whole ? r & 3 : 0) * width);
            nint at = r * _features + first, v = 0;
            for (; v <= width - TSimd.Count; v += TSimd.Count) AddSquaredDeviation<TSimd>(ref partial, ref mean, at, v);
            for (; v < width; v++) AddSquaredDeviation<SimdScalar<T>>(ref partial, ref mean, at, v);
        }
        {
            nint v = 0;
            for (; v <= width - TSimd.Count; v += TSimd.Count) StoreInvStd<TSimd>(ref sums, width, first, v);
            for (; v < width; v++) StoreInvStd<SimdScalar<T>>(ref sums, width, first, v);
        }

        for (int r = 0; r < _count; r++)
        {
            nint at = r * _features + first, v = 0;
            for (; v <= width - TSimd.Count; v += TSimd.Count) Normalize<TSimd>(ref mean, at, first, v);
            for (; v < width; v++) Normalize<SimdScalar<T>>(ref mean, at, first, v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add<TSimd>(ref T partial, nint at, nint v) where TSimd : struct, ISimd<TSimd, T>
        => TSimd.Store(TSimd.Load(in partial, v) + TSimd.Load(in _x, at + v), ref partial, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddSquaredDeviation<TSimd>(ref T partial, ref T mean, nint at, nint v) where TSimd : struct, ISimd<TSimd, T>
    {
        var deviation = TSimd.Load(in _x, at + v) - TSimd.Load(in mean, v);
        TSimd.Store(TSimd.MultiplyAdd(deviation, deviation, TSimd.Load(in partial, v)), ref partial, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TSimd Total<TSimd>(ref T sums, nint width, nint v) where TSimd : struct, ISimd<TSimd, T>
        => (TSimd.Load(in sums, v) + TSimd.Load(in sums, width + v)) + (TSimd.Load(in sums, 2 * width + v) + TSimd.Load(in sums, 3 * width + v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StoreInvStd<TSimd>(ref T sums, nint width, nint first, nint v) where TSimd : struct, ISimd<TSimd, T>
    {
        var squares = Total<TSimd>(ref sums, width, v);
        TSimd.Store(TSimd.Splat(T.One) / TSimd.Sqrt(squares / TSimd.Splat(_divisor) + TSimd.Splat(_epsilon)), ref _invStd, first + v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Normalize<TSimd>(ref T mean, nint at, nint first, nint v) where TSimd : struct, ISimd<TSimd, T>
    {
        var xhat = (TSimd.Load(in _x, at + v) - TSimd.Load(in mean, v)) * TSimd.Load(in _invStd, first + v);
        TSimd.Store(xhat, ref _xhat, at + v);
        TSimd.Store(TSimd.MultiplyAdd(TSimd.Load(in _gain, first + v), xhat, TSimd.Load(in _bias, first + v)), ref _y, at + v);
    }
}
