using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Softmax, log-softmax and log-sum-exp along an axis, over dense row-major data viewed as
/// <c>[outer, length, inner]</c> around the axis.
/// </summary>
/// <remarks>
/// Every exponential is of <c>x − m</c>, where <c>m</c> is the maximum along the axis, so the largest term is exactly
/// 1 and nothing overflows however large the inputs (<c>m</c> is replaced by 0 when it is infinite or NaN). Sums along the
/// axis are added in a fixed order, so the same input always gives the same bits. With <c>inner == 1</c> each row is
/// contiguous and is processed a register at a time; otherwise each lane walks one column down the axis.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class SoftmaxKernel
{
    /// <summary>
    /// <c>y[o, k, i] = exp(x[o, k, i] − m) / Σⱼ exp(x[o, j, i] − m)</c>, with <c>m</c> the maximum over <c>j</c>.
    /// </summary>
    /// <param name="x">Row-major <c>[outer, length, inner]</c>.</param>
    /// <param name="y">Row-major <c>[outer, length, inner]</c>; may be <paramref name="x"/> itself, but must not partly overlap it.</param>
    /// <param name="outer">The product of the dimensions before the axis.</param>
    /// <param name="length">The length of the axis.</param>
    /// <param name="inner">The product of the dimensions after the axis.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="y"/> partly overlaps <paramref name="x"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int length, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("softmax");
        KernelArguments.ThrowIfUnsupported<T>();
        CheckSameShape(x, y, outer, length, inner);
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> row = x.Slice(o * length, length);
                Span<T> result = y.Slice(o * length, length);
                T shift = RowFunctions.Shift(RowFunctions.Max(row));
                T sum = RowFunctions.StoreExp(row, shift, result);
                RowFunctions.Divide(result, sum);
            }
        }
        else
        {
            RunColumns(x, y, outer, length, inner, Operation.Softmax);
        }
    }

    /// <summary>
    /// The causal softmax of each <c>[size, size]</c> matrix along its rows, as attention over a sequence uses it:
    /// row <c>i</c> is the softmax of its first <c>i + 1</c> entries (a position sees itself and the ones before it),
    /// and its later entries are 0. The same as masking those entries with −∞ before <see cref="Softmax{T}"/>, without
    /// the mask.
    /// </summary>
    /// <param name="x">Row-major <c>[matrices, size, size]</c>.</param>
    /// <param name="y">Row-major <c>[matrices, size, size]</c>; may be <paramref name="x"/> itself, but must not partly overlap it.</param>
    /// <param name="matrices">The number of matrices: the product of the dimensions before the last two.</param>
    /// <param name="size">The length of each of the last two dimensions.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="y"/> partly overlaps <paramref name="x"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void CausalSoftmax<T>(ReadOnlySpan<T> x, Span<T> y, int matrices, int size)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("causal softmax");
        KernelArguments.ThrowIfUnsupported<T>();
        CheckSameShape(x, y, matrices, size, size);
        for (int matrix = 0; matrix < matrices; matrix++)
        {
            for (int i = 0; i < size; i++)
            {
                int start = (matrix * size + i) * size;
                ReadOnlySpan<T> seen = x.Slice(start, i + 1);
                Span<T> result = y.Slice(start, i + 1);
                T shift = RowFunctions.Shift(RowFunctions.Max(seen));
                T sum = RowFunctions.StoreExp(seen, shift, result);
                RowFunctions.Divide(result, sum);
                y.Slice(start + i + 1, size - i - 1).Clear();
            }
        }
    }

    /// <summary>
    /// <c>y[o, k, i] = (x[o, k, i] − m) − log Σⱼ exp(x[o, j, i] − m)</c>, with <c>m</c> the maximum over <c>j</c>.
    /// </summary>
    /// <param name="x">Row-major <c>[outer, length, inner]</c>.</param>
    /// <param name="y">Row-major <c>[outer, length, inner]</c>; may be <paramref name="x"/> itself, but must not partly overlap it.</param>
    /// <param name="outer">The product of the dimensions before the axis.</param>
    /// <param name="length">The length of the axis.</param>
    /// <param name="inner">The product of the dimensions after the axis.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="y"/> partly overlaps <paramref name="x"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int length, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("log-softmax");
        KernelArguments.ThrowIfUnsupported<T>();
        CheckSameShape(x, y, outer, length, inner);
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> row = x.Slice(o * length, length);
                T shift = RowFunctions.Shift(RowFunctions.Max(row));
                T logSum = RowFunctions.Log(RowFunctions.SumOfExp(row, shift));
                RowFunctions.SubtractTwice(row, shift, logSum, y.Slice(o * length, length));
            }
        }
        else
        {
            RunColumns(x, y, outer, length, inner, Operation.LogSoftmax);
        }
    }

    /// <summary>
    /// <c>values[o, i] = m + log Σₖ exp(x[o, k, i] − m)</c>, with <c>m</c> the maximum over <c>k</c>; negative
    /// infinity where <paramref name="length"/> is 0.
    /// </summary>
    /// <param name="x">Row-major <c>[outer, length, inner]</c>.</param>
    /// <param name="values">Row-major <c>[outer, inner]</c>; must not overlap <paramref name="x"/>.</param>
    /// <param name="outer">The product of the dimensions before the axis.</param>
    /// <param name="length">The length of the axis.</param>
    /// <param name="inner">The product of the dimensions after the axis.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="values"/> overlaps <paramref name="x"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void LogSumExp<T>(ReadOnlySpan<T> x, Span<T> values, int outer, int length, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("log-sum-exp");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(outer, length, inner);
        KernelArguments.Length(x, nameof(x), outer, length, inner);
        KernelArguments.Length<T>(values, nameof(values), outer, inner);
        KernelArguments.Disjoint<T>(values, nameof(values), x, nameof(x));
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> row = x.Slice(o * length, length);
                T shift = RowFunctions.Shift(RowFunctions.Max(row));
                values[o] = shift + RowFunctions.Log(RowFunctions.SumOfExp(row, shift));
            }
        }
        else
        {
            RunColumns(x, values, outer, length, inner, Operation.LogSumExp);
        }
    }

    private static void CheckSameShape<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int length, int inner)
    {
        KernelArguments.NotNegative(outer, length, inner);
        KernelArguments.Length(x, nameof(x), outer, length, inner);
        KernelArguments.Length<T>(y, nameof(y), outer, length, inner);
        KernelArguments.DisjointOrSame<T>(y, nameof(y), x, nameof(x));
    }

    private enum Operation { Softmax, LogSoftmax, LogSumExp }

    private static void RunColumns<T>(ReadOnlySpan<T> x, Span<T> destination, int outer, int length, int inner, Operation operation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new ColumnBody<T>(in MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(destination), length, inner, operation);
        FusedLoop.Run<T, ColumnBody<T>>(ref body, outer, inner);
    }

    // Rows are the outer blocks, columns the inner positions; each lane keeps its column's maximum and sum in a
    // register while it walks down the axis, adding in axis order.
    private ref struct ColumnBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _x;
        private readonly ref T _destination;
        private readonly int _length;
        private readonly nint _inner;
        private readonly Operation _operation;
        private ref readonly T _block;
        private ref T _result;

        public ColumnBody(ref readonly T x, ref T destination, int length, nint inner, Operation operation)
        {
            _x = ref x;
            _destination = ref destination;
            _length = length;
            _inner = inner;
            _operation = operation;
            _block = ref x;
            _result = ref destination;
        }

        public void BeginRow(nint row)
        {
            _block = ref Unsafe.Add(ref Unsafe.AsRef(in _x), row * _length * _inner);
            // Softmax and log-softmax write a block like the input's; log-sum-exp one value per column.
            _result = ref Unsafe.Add(ref _destination, _operation == Operation.LogSumExp ? row * _inner : row * _length * _inner);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            var zero = TSimd.Splat(T.Zero);
            var max = TSimd.Splat(T.NegativeInfinity);
            for (int k = 0; k < _length; k++)
                max = TSimd.Max(max, TSimd.Load(in _block, k * _inner + column));
            // m − m is 0 exactly when m is finite.
            var shift = TSimd.Select(TSimd.EqualTo(max - max, zero), max, zero);

            var sum = zero;
            if (_operation == Operation.Softmax)
            {
                for (int k = 0; k < _length; k++)
                {
                    nint at = k * _inner + column;
                    var e = TSimd.Exp(TSimd.Load(in _block, at) - shift);
                    TSimd.Store(e, ref _result, at);
                    sum += e;
                }
                for (int k = 0; k < _length; k++)
                {
                    nint at = k * _inner + column;
                    TSimd.Store(TSimd.Load(in _result, at) / sum, ref _result, at);
                }
                return;
            }

            for (int k = 0; k < _length; k++)
                sum += TSimd.Exp(TSimd.Load(in _block, k * _inner + column) - shift);
            var logSum = TSimd.Log(sum);
            if (_operation == Operation.LogSumExp)
            {
                TSimd.Store(shift + logSum, ref _result, column);
                return;
            }
            for (int k = 0; k < _length; k++)
            {
                nint at = k * _inner + column;
                TSimd.Store(TSimd.Load(in _block, at) - shift - logSum, ref _result, at);
            }
        }

        public readonly void EndRow(nint row) { }
    }
}
