using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The variance along an axis, over dense row-major data viewed as <c>[outer, length, inner]</c> around the axis,
/// computed in two passes (the mean first), never as E[x²] − E[x]².
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class VarianceKernel
{
    /// <summary>
    /// <c>mean[o, i] = Σₖ x[o, k, i] / length</c> and
    /// <c>variance[o, i] = Σₖ (x[o, k, i] − mean[o, i])² / max(length − correction, 0)</c>: infinite or NaN when
    /// <paramref name="correction"/> is at least <paramref name="length"/>, as in NumPy and PyTorch.
    /// </summary>
    /// <param name="x">Row-major <c>[outer, length, inner]</c>.</param>
    /// <param name="mean">Row-major <c>[outer, inner]</c>, or empty when the means are not wanted.</param>
    /// <param name="variance">Row-major <c>[outer, inner]</c>.</param>
    /// <param name="outer">The product of the dimensions before the axis.</param>
    /// <param name="length">The length of the axis.</param>
    /// <param name="inner">The product of the dimensions after the axis.</param>
    /// <param name="correction">Subtracted from the length in the divisor: 0 for the biased variance, 1 for Bessel's correction.</param>
    /// <exception cref="ArgumentException">A size or <paramref name="correction"/> is negative, a span's length is not the one the sizes imply, or the outputs overlap each other or <paramref name="x"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Forward<T>(ReadOnlySpan<T> x, Span<T> mean, Span<T> variance, int outer, int length, int inner, int correction)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(outer, length, inner, correction);
        KernelArguments.Length(x, nameof(x), outer, length, inner);
        KernelArguments.LengthOrEmpty<T>(mean, nameof(mean), outer, inner);
        KernelArguments.Length<T>(variance, nameof(variance), outer, inner);
        KernelArguments.Disjoint<T>(mean, nameof(mean), x, nameof(x));
        KernelArguments.Disjoint<T>(variance, nameof(variance), x, nameof(x));
        KernelArguments.Disjoint<T>(variance, nameof(variance), mean, nameof(mean));

        T count = T.CreateTruncating(length);
        T divisor = T.CreateTruncating(Math.Max(length - correction, 0));
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> row = x.Slice(o * length, length);
                T rowMean = SumKernel.Sum(row) / count;
                if (!mean.IsEmpty) mean[o] = rowMean;
                variance[o] = RowFunctions.SumOfSquaredDeviations(row, rowMean) / divisor;
            }
        }
        else
        {
            var body = new ColumnBody<T>(in MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(mean), ref MemoryMarshal.GetReference(variance),
                !mean.IsEmpty, length, inner, count, divisor);
            FusedLoop.Run<T, ColumnBody<T>>(ref body, outer, inner);
        }
    }

    // Rows are the outer blocks, columns the inner positions; each lane walks its column down the axis twice.
    private ref struct ColumnBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _x;
        private readonly ref T _mean;
        private readonly ref T _variance;
        private readonly bool _storeMean;
        private readonly int _length;
        private readonly nint _inner;
        private readonly T _count;
        private readonly T _divisor;
        private ref readonly T _block;
        private nint _resultOffset;

        public ColumnBody(ref readonly T x, ref T mean, ref T variance, bool storeMean, int length, nint inner, T count, T divisor)
        {
            _x = ref x;
            _mean = ref mean;
            _variance = ref variance;
            _storeMean = storeMean;
            _length = length;
            _inner = inner;
            _count = count;
            _divisor = divisor;
            _block = ref x;
        }

        public void BeginRow(nint row)
        {
            _block = ref Unsafe.Add(ref Unsafe.AsRef(in _x), row * _length * _inner);
            _resultOffset = row * _inner;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            var sum = TSimd.Splat(T.Zero);
            for (int k = 0; k < _length; k++)
                sum += TSimd.Load(in _block, k * _inner + column);
            var mean = sum / TSimd.Splat(_count);

            var squares = TSimd.Splat(T.Zero);
            for (int k = 0; k < _length; k++)
            {
                var deviation = TSimd.Load(in _block, k * _inner + column) - mean;
                squares += deviation * deviation;
            }
            if (_storeMean) TSimd.Store(mean, ref _mean, _resultOffset + column);
            TSimd.Store(squares / TSimd.Splat(_divisor), ref _variance, _resultOffset + column);
        }

        public readonly void EndRow(nint row) { }
    }
}
