using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The maximum along an axis and its gradient, over dense row-major data viewed as <c>[outer, length, inner]</c>
/// around the axis.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class MaxKernel
{
    /// <summary>
    /// <c>values[o, i] = max over k of x[o, k, i]</c> and <c>argmax[o, i]</c> = the first <c>k</c> attaining it. A NaN
    /// counts as the maximum (the first NaN wins), and <c>values[o, i]</c> is always <c>x[o, argmax[o, i], i]</c>.
    /// </summary>
    /// <param name="x">Row-major <c>[outer, length, inner]</c>.</param>
    /// <param name="values">Row-major <c>[outer, inner]</c>; must not overlap <paramref name="x"/>.</param>
    /// <param name="argmax">Row-major <c>[outer, inner]</c>.</param>
    /// <param name="outer">The product of the dimensions before the axis.</param>
    /// <param name="length">The length of the axis.</param>
    /// <param name="inner">The product of the dimensions after the axis.</param>
    /// <exception cref="ArgumentException">
    /// A size is negative, a span's length is not the one the sizes imply, <paramref name="values"/> overlaps
    /// <paramref name="x"/>, or <paramref name="length"/> is 0 while there are values to compute.
    /// </exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> values, Span<int> argmax, int outer, int length, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("max forward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(outer, length, inner);
        KernelArguments.Length(x, nameof(x), outer, length, inner);
        KernelArguments.Length<T>(values, nameof(values), outer, inner);
        KernelArguments.Length<int>(argmax, nameof(argmax), outer, inner);
        KernelArguments.Disjoint<T>(values, nameof(values), x, nameof(x));
        if (length == 0 && values.Length > 0)
            throw new ArgumentException("The maximum over an axis of length 0 is undefined.", nameof(length));

        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> row = x.Slice(o * length, length);
                // The vectorized maximum first, then the first position holding it.
                T max = RowFunctions.Max(row);
                int k = FirstIndexOf(row, max);
                values[o] = row[k];
                argmax[o] = k;
            }
        }
        else
        {
            var body = new ColumnBody<T>(in MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(values),
                ref MemoryMarshal.GetReference(argmax), length, inner);
            FusedLoop.Run<T, ColumnBody<T>>(ref body, outer, inner);
        }
    }

    /// <summary>
    /// <c>dx[o, k, i] = (k == argmax[o, i]) ? g[o, i] : 0</c>: the gradient routed to the position of each maximum.
    /// <paramref name="dx"/> is overwritten.
    /// </summary>
    /// <param name="g">Row-major <c>[outer, inner]</c>: the gradient of the maxima.</param>
    /// <param name="argmax">Row-major <c>[outer, inner]</c>, as <see cref="Forward{T}"/> wrote it.</param>
    /// <param name="dx">Row-major <c>[outer, length, inner]</c>; must not overlap <paramref name="g"/>.</param>
    /// <param name="outer">The product of the dimensions before the axis.</param>
    /// <param name="length">The length of the axis.</param>
    /// <param name="inner">The product of the dimensions after the axis.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="dx"/> overlaps <paramref name="g"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element of <paramref name="argmax"/> is outside <c>[0, length)</c>; nothing is written.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Backward<T>(ReadOnlySpan<T> g, ReadOnlySpan<int> argmax, Span<T> dx, int outer, int length, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("max backward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(outer, length, inner);
        KernelArguments.Length(g, nameof(g), outer, inner);
        KernelArguments.Length(argmax, nameof(argmax), outer, inner);
        KernelArguments.Length<T>(dx, nameof(dx), outer, length, inner);
        KernelArguments.Disjoint<T>(dx, nameof(dx), g, nameof(g));
        IndexCheck.InRange(argmax, length, nameof(argmax));

        dx.Clear();
        for (int o = 0; o < outer; o++)
        {
            int block = o * length * inner;
            for (int i = 0; i < inner; i++)
            {
                int position = o * inner + i;
                dx[block + argmax[position] * inner + i] = g[position];
            }
        }
    }

    // The first k with row[k] equal to max, or holding a NaN when max is NaN (a NaN equals nothing). Whole registers
    // without a match are skipped; the scalar loop then finds the position inside the register that has one.
    private static int FirstIndexOf<T>(ReadOnlySpan<T> row, T max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool nan = T.IsNaN(max);
        ref T start = ref MemoryMarshal.GetReference(row);
        int k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var target = Vector512.Create(max);
            for (; k <= row.Length - Vector512<T>.Count; k += Vector512<T>.Count)
            {
                var values = Vector512.LoadUnsafe(ref start, (nuint)k);
                if (nan ? !Vector512.EqualsAll(values, values) : Vector512.EqualsAny(values, target)) break;
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var target = Vector256.Create(max);
            for (; k <= row.Length - Vector256<T>.Count; k += Vector256<T>.Count)
            {
                var values = Vector256.LoadUnsafe(ref start, (nuint)k);
                if (nan ? !Vector256.EqualsAll(values, values) : Vector256.EqualsAny(values, target)) break;
            }
        }
        for (; k < row.Length; k++)
        {
            if (nan ? T.IsNaN(row[k]) : row[k] == max) return k;
        }
        throw new InvalidOperationException("The maximum of a row was not found in it.");
    }

    // Rows are the outer blocks, columns the inner positions: each lane walks its column down the axis, keeping
    // the best value and its position. A later element replaces the best only when strictly larger, or when it is
    // the first NaN, so ties keep the first position. Positions travel as the bits of an integer in a T lane: they
    // are only ever selected, never computed with, so they stay exact at any length.
    private ref struct ColumnBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _x;
        private readonly ref T _values;
        private readonly ref int _argmax;
        private readonly int _length;
        private readonly nint _inner;
        private ref readonly T _block;
        private ref T _valueRow;
        private ref int _argmaxRow;
        private Positions _positions;

        public ColumnBody(ref readonly T x, ref T values, ref int argmax, int length, nint inner)
        {
            _x = ref x;
            _values = ref values;
            _argmax = ref argmax;
            _length = length;
            _inner = inner;
            _block = ref x;
            _valueRow = ref values;
            _argmaxRow = ref argmax;
        }

        public void BeginRow(nint row)
        {
            _block = ref Unsafe.Add(ref Unsafe.AsRef(in _x), row * _length * _inner);
            _valueRow = ref Unsafe.Add(ref _values, row * _inner);
            _argmaxRow = ref Unsafe.Add(ref _argmax, row * _inner);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            var zero = TSimd.Splat(T.Zero);
            var allSet = TSimd.EqualTo(zero, zero);
            var best = TSimd.Load(in _block, column);
            var position = zero;
            for (int k = 1; k < _length; k++)
            {
                var value = TSimd.Load(in _block, k * _inner + column);
                // best is NaN: keep it; value is NaN: take it; otherwise take it when strictly larger.
                var take = TSimd.Select(TSimd.EqualTo(best, best),
                    TSimd.Select(TSimd.EqualTo(value, value), TSimd.GreaterThan(value, best), allSet),
                    zero);
                best = TSimd.Select(take, value, best);
                position = TSimd.Select(take, TSimd.Splat(PositionBits(k)), position);
            }
            TSimd.Store(best, ref _valueRow, column);
            TSimd.Store(position, ref _positions[0], 0);
            for (int lane = 0; lane < TSimd.Count; lane++)
                Unsafe.Add(ref _argmaxRow, column + lane) = Position(_positions[lane]);
        }

        // k as the bits of a T: a float holds an int, a double a long.
        private static T PositionBits(int k)
        {
            T lane = default;
            if (typeof(T) == typeof(float)) Unsafe.As<T, int>(ref lane) = k;
            else Unsafe.As<T, long>(ref lane) = k;
            return lane;
        }

        private static int Position(T lane)
            => typeof(T) == typeof(float) ? Unsafe.As<T, int>(ref lane) : (int)Unsafe.As<T, long>(ref lane);

        public readonly void EndRow(nint row) { }

        [InlineArray(RowAccumulator<float>.Lanes)]
        private struct Positions
        {
            private T _lane0;
        }
    }
}
