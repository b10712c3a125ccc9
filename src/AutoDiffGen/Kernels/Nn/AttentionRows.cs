using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The row passes of attention over a whole block of rows at a time, as fused SIMD loops: each pass is one loop over
/// <c>[rows, columns]</c> with per-row values (a maximum, a sum, a log Σ exp) read or written at the row's start and end,
/// rather than a loop per row, which costs more than a short row's work. Masked entries hold −∞ going in, so every
/// exponential of one is exactly 0.
/// </summary>
internal static class AttentionRows
{
    /// <summary>
    /// Each row of <paramref name="block"/> replaced by its softmax, max-subtracted; <paramref name="logSumExp"/>[i] gets
    /// row i's log Σ exp unless it is empty. <paramref name="scratch"/> holds at least 2 · <paramref name="rows"/> values.
    /// </summary>
    public static void Softmax<T>(Span<T> block, int rows, int columns, Span<T> logSumExp, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T start = ref MemoryMarshal.GetReference(block);
        Span<T> shifts = scratch.Slice(0, rows), sums = scratch.Slice(rows, rows);
        var max = new RowMaxBody<T>(in start, ref MemoryMarshal.GetReference(shifts), columns);
        FusedLoop.Run<T, RowMaxBody<T>>(ref max, rows, columns);
        var exp = new RowExpBody<T>(ref start, in MemoryMarshal.GetReference(shifts), ref MemoryMarshal.GetReference(sums), columns, sum: true);
        FusedLoop.Run<T, RowExpBody<T>>(ref exp, rows, columns);
        if (!logSumExp.IsEmpty)
        {
            for (int i = 0; i < rows; i++) logSumExp[i] = shifts[i] + RowFunctions.Log(sums[i]);
        }
        var divide = new RowDivideBody<T>(ref start, in MemoryMarshal.GetReference(sums), columns);
        FusedLoop.Run<T, RowDivideBody<T>>(ref divide, rows, columns);
    }

    /// <summary>Each row of scores replaced by exp(score − logSumExp[row]): the softmax weights again, from the saved log Σ exp.</summary>
    public static void WeightsFromLogSumExp<T>(Span<T> block, int rows, int columns, ReadOnlySpan<T> logSumExp) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var exp = new RowExpBody<T>(ref MemoryMarshal.GetReference(block), in MemoryMarshal.GetReference(logSumExp), ref Unsafe.NullRef<T>(), columns, sum: false);
        FusedLoop.Run<T, RowExpBody<T>>(ref exp, rows, columns);
    }

    /// <summary>
    /// Each row of <paramref name="gradient"/> replaced by weights ⊙ (gradient − Σ weights ⊙ gradient): the softmax's
    /// adjoint. <paramref name="scratch"/> holds at least <paramref name="rows"/> values.
    /// </summary>
    public static void SoftmaxGradient<T>(Span<T> gradient, ReadOnlySpan<T> weights, int rows, int columns, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T g = ref MemoryMarshal.GetReference(gradient);
        ref readonly T w = ref MemoryMarshal.GetReference(weights);
        ref T perRow = ref MemoryMarshal.GetReference(scratch);
        var dot = new RowDotBody<T>(in g, in w, ref perRow, columns);
        FusedLoop.Run<T, RowDotBody<T>>(ref dot, rows, columns);
        var body = new RowSoftmaxGradientBody<T>(ref g, in w, in perRow, columns);
        FusedLoop.Run<T, RowSoftmaxGradientBody<T>>(ref body, rows, columns);
    }

    /// <summary><c>destination[k] = source[k] · factor</c>; the spans may be the same memory.</summary>
    public static void Scale<T>(ReadOnlySpan<T> source, T factor, Span<T> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new ScaleBody<T>(in MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination), factor);
        FusedLoop.Run<T, ScaleBody<T>>(ref body, 1, source.Length);
    }

    private readonly ref struct ScaleBody<T>(ref readonly T source, ref T destination, T factor) : IFusedLoopBody<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _source = ref source;
        private readonly ref T _destination = ref destination;

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Load(in _source, column) * TSimd.Splat(factor), ref _destination, column);

        public void EndRow(nint row) { }
    }

    private ref struct RowMaxBody<T>(ref readonly T block, ref T perRow, int columns) : IFusedLoopBody<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _block = ref block;
        private readonly ref T _perRow = ref perRow;
        private nint _offset;
        private RowMaximum<T> _max;

        public void BeginRow(nint row)
        {
            _offset = row * columns;
            _max.Clear();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T> => _max.Add(TSimd.Load(in _block, _offset + column));

        public void EndRow(nint row) => Unsafe.Add(ref _perRow, row) = RowFunctions.Shift(_max.Total());
    }

    /// <summary>exp(x − shift) in place, the row's shift read from <c>shifts</c>; with <c>sum</c>, the row's Σ exp written to <c>sums</c>.</summary>
    private ref struct RowExpBody<T>(ref T block, ref readonly T shifts, ref T sums, int columns, bool sum) : IFusedLoopBody<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _block = ref block;
        private readonly ref readonly T _shifts = ref shifts;
        private readonly ref T _sums = ref sums;
        private nint _offset;
        private T _shift;
        private RowAccumulator<T> _sum;

        public void BeginRow(nint row)
        {
            _offset = row * columns;
            _shift = Unsafe.Add(ref Unsafe.AsRef(in _shifts), row);
            _sum.Clear();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            var e = TSimd.Exp(TSimd.Load(in _block, _offset + column) - TSimd.Splat(_shift));
            TSimd.Store(e, ref _block, _offset + column);
            if (sum) _sum.Add(e);
        }

        public void EndRow(nint row)
        {
            if (sum) Unsafe.Add(ref _sums, row) = _sum.Total();
        }
    }

    private ref struct RowDivideBody<T>(ref T block, ref readonly T perRow, int columns) : IFusedLoopBody<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _block = ref block;
        private readonly ref readonly T _perRow = ref perRow;
        private nint _offset;
        private T _divisor;

        public void BeginRow(nint row)
        {
            _offset = row * columns;
            _divisor = Unsafe.Add(ref Unsafe.AsRef(in _perRow), row);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Load(in _block, _offset + column) / TSimd.Splat(_divisor), ref _block, _offset + column);

        public readonly void EndRow(nint row) { }
    }

    private ref struct RowDotBody<T>(ref readonly T a, ref readonly T b, ref T perRow, int columns) : IFusedLoopBody<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _a = ref a;
        private readonly ref readonly T _b = ref b;
        private readonly ref T _perRow = ref perRow;
        private nint _offset;
        private RowAccumulator<T> _sum;

        public void BeginRow(nint row)
        {
            _offset = row * columns;
            _sum.Clear();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => _sum.Add(TSimd.Load(in _a, _offset + column) * TSimd.Load(in _b, _offset + column));

        public void EndRow(nint row) => Unsafe.Add(ref _perRow, row) = _sum.Total();
    }

    private ref struct RowSoftmaxGradientBody<T>(ref T gradient, ref readonly T weights, ref readonly T perRow, int columns) : IFusedLoopBody<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _gradient = ref gradient;
        private readonly ref readonly T _weights = ref weights;
        private readonly ref readonly T _perRow = ref perRow;
        private nint _offset;
        private T _dot;

        public void BeginRow(nint row)
        {
            _offset = row * columns;
            _dot = Unsafe.Add(ref Unsafe.AsRef(in _perRow), row);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Load(in _weights, _offset + column) * (TSimd.Load(in _gradient, _offset + column) - TSimd.Splat(_dot)),
                ref _gradient, _offset + column);

        public readonly void EndRow(nint row) { }
    }
}
