using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The mean cross-entropy of rows of logits against target classes, and its fused gradient
/// <c>(softmax(logits) − onehot(targets)) / count</c>, over dense row-major <c>[count, classes]</c> logits.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class CrossEntropyKernel
{
    private const int RowsPerBlock = 64;

    /// <summary>
    /// Returns <c>(1 / count) Σᵣ (logSumExp[r] − logits[r, targets[r]])</c> and stores
    /// <c>logSumExp[r] = m + log Σ꜀ exp(logits[r, c] − m)</c>, with <c>m</c> the row's maximum; NaN when
    /// <paramref name="count"/> is 0.
    /// </summary>
    /// <remarks>
    /// Each row's loss is computed as <c>(m − logits[r, targets[r]]) + log Σ…</c>, so logits of magnitude 10⁴ lose
    /// nothing to cancellation, and rows are added in order.
    /// </remarks>
    /// <param name="logits">Row-major <c>[count, classes]</c>.</param>
    /// <param name="targets"><c>[count]</c>: each row's class, in <c>[0, classes)</c>.</param>
    /// <param name="logSumExp"><c>[count]</c>, overwritten: what <see cref="Backward{T}"/> needs; must not overlap <paramref name="logits"/>.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="classes">The number of classes.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="logSumExp"/> overlaps <paramref name="logits"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside <c>[0, classes)</c> (the exception names <c>targets</c>); nothing is written.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static T Forward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, Span<T> logSumExp, int count, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("cross-entropy forward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(count, classes);
        KernelArguments.Length(logits, nameof(logits), count, classes);
        KernelArguments.Length(targets, nameof(targets), count);
        KernelArguments.Length<T>(logSumExp, nameof(logSumExp), count);
        KernelArguments.Disjoint<T>(logSumExp, nameof(logSumExp), logits, nameof(logits));
        IndexCheck.InRange(targets, classes, nameof(targets));

        // Rows go in blocks: their sums of exponentials first, then one vectorized logarithm for the whole block,
        // which for a few dozen classes costs as much as the rest of the row.
        T total = T.Zero;
        Span<T> shifts = stackalloc T[RowsPerBlock];
        for (int first = 0; first < count; first += RowsPerBlock)
        {
            int rows = Math.Min(RowsPerBlock, count - first);
            Span<T> logSums = logSumExp.Slice(first, rows);
            // Each step runs over the whole block before the next, so the rows' latency chains overlap.
            for (int r = 0; r < rows; r++)
                shifts[r] = RowFunctions.Shift(RowFunctions.Max(logits.Slice((first + r) * classes, classes)));
            for (int r = 0; r < rows; r++)
                logSums[r] = RowFunctions.SumOfExp(logits.Slice((first + r) * classes, classes), shifts[r]);
            RowFunctions.LogInPlace(logSums);
            for (int r = 0; r < rows; r++)
            {
                T logSum = logSums[r];
                logSums[r] = shifts[r] + logSum;
                total += shifts[r] - logits[(first + r) * classes + targets[first + r]] + logSum;
            }
        }
        return total / T.CreateTruncating(count);
    }

    /// <summary>
    /// <c>dLogits[r, c] = gradient · (exp(logits[r, c] − logSumExp[r]) − (c == targets[r] ? 1 : 0)) / count</c>,
    /// one pass over each row.
    /// </summary>
    /// <param name="logits">Row-major <c>[count, classes]</c>.</param>
    /// <param name="targets"><c>[count]</c>: each row's class, in <c>[0, classes)</c>.</param>
    /// <param name="logSumExp"><c>[count]</c>, as <see cref="Forward{T}"/> stored it.</param>
    /// <param name="gradient">The gradient of the mean loss.</param>
    /// <param name="dLogits">
    /// Row-major <c>[count, classes]</c>, overwritten; may be <paramref name="logits"/> itself, but must not partly
    /// overlap it or overlap <paramref name="logSumExp"/>.
    /// </param>
    /// <param name="count">The number of rows.</param>
    /// <param name="classes">The number of classes.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="dLogits"/> overlaps an input it may not.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside <c>[0, classes)</c> (the exception names <c>targets</c>); nothing is written.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Backward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, ReadOnlySpan<T> logSumExp, T gradient,
        Span<T> dLogits, int count, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("cross-entropy backward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(count, classes);
        KernelArguments.Length(logits, nameof(logits), count, classes);
        KernelArguments.Length(targets, nameof(targets), count);
        KernelArguments.Length(logSumExp, nameof(logSumExp), count);
        KernelArguments.Length<T>(dLogits, nameof(dLogits), count, classes);
        KernelArguments.DisjointOrSame<T>(dLogits, nameof(dLogits), logits, nameof(logits));
        KernelArguments.Disjoint<T>(dLogits, nameof(dLogits), logSumExp, nameof(logSumExp));
        IndexCheck.InRange(targets, classes, nameof(targets));

        T scale = gradient / T.CreateTruncating(count);
        // Rows are independent: ranges of them go to the threads.
        ParallelRows.Run(new BackwardRows<T>(logits, targets, logSumExp, scale, dLogits, classes), count, (long)count * classes);
    }

    private readonly ref struct BackwardRows<T> : IRowRangeWork where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _logits;
        private readonly ReadOnlySpan<int> _targets;
        private readonly ReadOnlySpan<T> _logSumExp;
        private readonly T _scale;
        private readonly Span<T> _dLogits;
        private readonly int _classes;

        public BackwardRows(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, ReadOnlySpan<T> logSumExp, T scale, Span<T> dLogits, int classes)
        {
            _logits = logits;
            _targets = targets;
            _logSumExp = logSumExp;
            _scale = scale;
            _dLogits = dLogits;
            _classes = classes;
        }

        public void Run(int start, int end)
        {
            // Written over its own logits, a row must be computed once per element, in order.
            bool inPlace = _dLogits.Overlaps(_logits);
            for (int r = start; r < end; r++)
            {
                var body = new RowBody<T>(in MemoryMarshal.GetReference(_logits.Slice(r * _classes)),
                    ref MemoryMarshal.GetReference(_dLogits.Slice(r * _classes)), _logSumExp[r], _scale, _targets[r]);
                if (inPlace) FusedLoop.Run<T, RowBody<T>>(ref body, 1, _classes);
                else FusedLoop.RunRowOverlapped<T, RowBody<T>>(ref body, _classes);
            }
        }
    }

    // dLogits[c] = (exp(logits[c] − logSumExp) − (c == target ? 1 : 0)) · scale.
    private readonly ref struct RowBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _logits;
        private readonly ref T _dLogits;
        private readonly T _logSumExp;
        private readonly T _scale;
        private readonly nint _target;

        public RowBody(ref readonly T logits, ref T dLogits, T logSumExp, T scale, int target)
        {
            _logits = ref logits;
            _dLogits = ref dLogits;
            _logSumExp = logSumExp;
            _scale = scale;
            _target = target;
        }

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            var p = TSimd.Exp(TSimd.Load(in _logits, column) - TSimd.Splat(_logSumExp));
            // The target's lane is the one whose index is target − column; that difference is exact in T wherever it
            // could match a lane index.
            var isTarget = TSimd.EqualTo(TSimd.Load(in LaneIndex<T>.First, 0), TSimd.Splat(T.CreateTruncating(_target - column)));
            var oneHot = TSimd.Select(isTarget, TSimd.Splat(T.One), TSimd.Splat(T.Zero));
            TSimd.Store((p - oneHot) * TSimd.Splat(_scale), ref _dLogits, column);
        }

        public void EndRow(nint row) { }
    }
}
