using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Vectorized passes over one contiguous row, the building blocks of the kernels that reduce along the last axis
/// (softmax, cross entropy, layer norm, max). Each pass runs through <see cref="FusedLoop"/>, and sums go through a
/// <see cref="RowAccumulator{T}"/>, so a row always gives the same bits.
/// </summary>
internal static class RowFunctions
{
    /// <summary>The largest element; NaN when any element is NaN; negative infinity for an empty row.</summary>
    public static T Max<T>(ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsHardwareAccelerated && row.Length >= Simd512<T>.Count) return WideMax<T, Simd512<T>>(row);
        if (Simd256<T>.IsHardwareAccelerated && row.Length >= Simd256<T>.Count) return WideMax<T, Simd256<T>>(row);
        var body = new MaxBody<T>(in MemoryMarshal.GetReference(row));
        FusedLoop.Run<T, MaxBody<T>>(ref body, 1, row.Length);
        return body.Max.Total();
    }

    /// <summary>
    /// The maximum of a row at least one register long, in one register: a short row's tail is a last, overlapping
    /// load (taking a maximum twice changes nothing) rather than narrower registers and single lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T WideMax<T, TSimd>(ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        ref readonly T start = ref MemoryMarshal.GetReference(row);
        nint length = row.Length;
        var max = TSimd.Load(in start, 0);
        nint column = TSimd.Count;
        for (; column <= length - TSimd.Count; column += TSimd.Count) max = TSimd.Max(max, TSimd.Load(in start, column));
        if (column < length) max = TSimd.Max(max, TSimd.Load(in start, length - TSimd.Count));
        return TSimd.MaxAcross(max);
    }

    /// <summary>
    /// What to subtract before exponentiating a row whose maximum is <paramref name="max"/>: the maximum itself, so
    /// the largest term is e⁰ = 1 and nothing overflows; zero when the maximum is infinite or NaN, where subtracting
    /// it would turn every term into NaN.
    /// </summary>
    public static T Shift<T>(T max) where T : unmanaged, IFloatingPointIeee754<T> => T.IsFinite(max) ? max : T.Zero;

    /// <summary>Σ exp(row[k] − shift).</summary>
    public static T SumOfExp<T>(ReadOnlySpan<T> row, T shift) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Simd512<T>.IsHardwareAccelerated && row.Length >= Simd512<T>.Count) return WideSumOfExp<T, Simd512<T>>(row, shift);
        if (Simd256<T>.IsHardwareAccelerated && row.Length >= Simd256<T>.Count) return WideSumOfExp<T, Simd256<T>>(row, shift);
        var body = new ExpBody<T>(in MemoryMarshal.GetReference(row), ref Unsafe.NullRef<T>(), shift, store: false);
        FusedLoop.Run<T, ExpBody<T>>(ref body, 1, row.Length);
        return body.Sum.Total();
    }

    /// <summary>
    /// Σ exp(row[k] − shift) of a row at least one register long, in one register: a short row's tail is a last,
    /// overlapping load whose lanes already counted are masked to zero, so a row of 27 floats takes two exponentials
    /// of sixteen lanes instead of one of sixteen, one of eight and three single ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T WideSumOfExp<T, TSimd>(ReadOnlySpan<T> row, T shift)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TSimd : struct, ISimd<TSimd, T>
    {
        ref readonly T start = ref MemoryMarshal.GetReference(row);
        nint length = row.Length;
        var shifted = TSimd.Splat(shift);
        var sum = TSimd.Splat(T.Zero);
        nint column = 0;
        for (; column <= length - TSimd.Count; column += TSimd.Count)
            sum += TSimd.Exp(TSimd.Load(in start, column) - shifted);
        if (column < length)
        {
            var last = TSimd.Exp(TSimd.Load(in start, length - TSimd.Count) - shifted);
            // Lane i of the last load is column length − Count + i: new from lane Count − (length − column) on.
            var fresh = TSimd.GreaterThan(TSimd.Load(in LaneIndex<T>.First, 0), TSimd.Splat(T.CreateTruncating(TSimd.Count - (length - column) - 1)));
            sum += TSimd.Select(fresh, last, TSimd.Splat(T.Zero));
        }
        return TSimd.Sum(sum);
    }

    /// <summary><c>values[k] = ln values[k]</c>, each lane as <see cref="Log{T}"/> computes it.</summary>
    public static void LogInPlace<T>(Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new LogBody<T>(ref MemoryMarshal.GetReference(values));
        FusedLoop.Run<T, LogBody<T>>(ref body, 1, values.Length);
    }

    /// <summary>
    /// <c>destination[k] = exp(row[k] − shift)</c>; returns their sum.
    /// The spans may be the same memory.
    /// </summary>
    public static T StoreExp<T>(ReadOnlySpan<T> row, T shift, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new ExpBody<T>(in MemoryMarshal.GetReference(row), ref MemoryMarshal.GetReference(destination), shift, store: true);
        FusedLoop.Run<T, ExpBody<T>>(ref body, 1, row.Length);
        return body.Sum.Total();
    }

    /// <summary><c>values[k] = values[k] / divisor</c>.</summary>
    public static void Divide<T>(Span<T> values, T divisor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new DivideBody<T>(ref MemoryMarshal.GetReference(values), divisor);
        FusedLoop.Run<T, DivideBody<T>>(ref body, 1, values.Length);
    }

    /// <summary>
    /// <c>destination[k] = (row[k] − shift) − offset</c>, subtracting the shift first so the row's maximum comes out
    /// as exactly −offset. The spans may be the same memory.
    /// </summary>
    public static void SubtractTwice<T>(ReadOnlySpan<T> row, T shift, T offset, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new SubtractTwiceBody<T>(in MemoryMarshal.GetReference(row), ref MemoryMarshal.GetReference(destination), shift, offset);
        FusedLoop.Run<T, SubtractTwiceBody<T>>(ref body, 1, row.Length);
    }

    /// <summary>Σ (row[k] − mean)², the second pass of a two-pass variance.</summary>
    public static T SumOfSquaredDeviations<T>(ReadOnlySpan<T> row, T mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new SquaredDeviationBody<T>(in MemoryMarshal.GetReference(row), mean);
        FusedLoop.Run<T, SquaredDeviationBody<T>>(ref body, 1, row.Length);
        return body.Sum.Total();
    }

    /// <summary>ln x computed as a SIMD lane computes it, so scalar and vector code agree to the bit.</summary>
    public static T Log<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
        => SimdScalar<T>.Log(SimdScalar<T>.Splat(x)).Value.ToScalar();

    private ref struct MaxBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _row;
        public RowMaximum<T> Max;

        public MaxBody(ref readonly T row)
        {
            _row = ref row;
            Max.Clear();
        }

        public readonly void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T> => Max.Add(TSimd.Load(in _row, column));

        public readonly void EndRow(nint row) { }
    }

    private ref struct ExpBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _row;
        private readonly ref T _destination;
        private readonly T _shift;
        private readonly bool _store;
        public RowAccumulator<T> Sum;

        public ExpBody(ref readonly T row, ref T destination, T shift, bool store)
        {
            _row = ref row;
            _destination = ref destination;
            _shift = shift;
            _store = store;
        }

        public readonly void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            var e = TSimd.Exp(TSimd.Load(in _row, column) - TSimd.Splat(_shift));
            if (_store) TSimd.Store(e, ref _destination, column);
            Sum.Add(e);
        }

        public readonly void EndRow(nint row) { }
    }

    private readonly ref struct LogBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _values;

        public LogBody(ref T values) => _values = ref values;

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Log(TSimd.Load(in _values, column)), ref _values, column);

        public void EndRow(nint row) { }
    }

    private readonly ref struct DivideBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _values;
        private readonly T _divisor;

        public DivideBody(ref T values, T divisor)
        {
            _values = ref values;
            _divisor = divisor;
        }

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Load(in _values, column) / TSimd.Splat(_divisor), ref _values, column);

        public void EndRow(nint row) { }
    }

    private readonly ref struct SubtractTwiceBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _row;
        private readonly ref T _destination;
        private readonly T _shift;
        private readonly T _offset;

        public SubtractTwiceBody(ref readonly T row, ref T destination, T shift, T offset)
        {
            _row = ref row;
            _destination = ref destination;
            _shift = shift;
            _offset = offset;
        }

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Load(in _row, column) - TSimd.Splat(_shift) - TSimd.Splat(_offset), ref _destination, column);

        public void EndRow(nint row) { }
    }

    private ref struct SquaredDeviationBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _row;
        private readonly T _mean;
        public RowAccumulator<T> Sum;

        public SquaredDeviationBody(ref readonly T row, T mean)
        {
            _row = ref row;
            _mean = mean;
        }

        public readonly void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            var deviation = TSimd.Load(in _row, column) - TSimd.Splat(_mean);
            Sum.Add(deviation * deviation);
        }

        public readonly void EndRow(nint row) { }
    }
}
