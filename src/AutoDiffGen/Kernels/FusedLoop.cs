using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The loop driver of every fused elementwise kernel: for each row, the widest hardware vectors first, then
/// narrower ones, then single lanes, so a body written once runs at full width with an exact tail.
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class FusedLoop
{
    /// <summary>Column ranges of a row split between threads start at multiples of this: a cache line of bytes and every vector width.</summary>
    internal const int ColumnAlignment = 64;

    /// <summary>Loops smaller than this many elements run on the calling thread alone: waking another costs more.</summary>
    public const int ParallelThreshold = 1 << 15;

    /// <summary>
    /// Runs <paramref name="body"/> over <c>[rows, columns]</c>: <c>body.Compute(column)</c> for every column of
    /// every row, between <c>BeginRow</c> and <c>EndRow</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TBody>(ref TBody body, nint rows, nint columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TBody : IFusedLoopBody<T>, allows ref struct
    {
        using var profile = KernelProfiler.Measure(KernelProfiler.Enabled ? "loop " + typeof(TBody).Name : "loop");
        RunRows<T, TBody>(ref body, 0, rows, 0, columns);
    }

    /// <summary>
    /// <see cref="Run"/> split between the calling thread and the shared workers when the loop is large, with results
    /// bit-identical to <see cref="Run"/>. Only for bodies whose every element is independent: no sums, whether over
    /// the whole loop or into a smaller tensor; each part gets its own copy of <paramref name="body"/>, and
    /// <c>EndRow</c> may be called more than once per row.
    /// </summary>
    public static void RunParallel<T, TBody>(ref TBody body, nint rows, nint columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TBody : IFusedLoopBody<T>, allows ref struct
        => RunParallel<T, TBody>(ref body, rows, columns, (long)rows * columns);

    /// <summary>
    /// <see cref="RunParallel{T, TBody}(ref TBody, nint, nint)"/> for a body whose <c>Compute</c> does more than one
    /// element's work (a batch-norm column walks the whole batch): <paramref name="elements"/> is the loop's real
    /// size, which decides whether the other threads are worth waking.
    /// </summary>
    public static void RunParallel<T, TBody>(ref TBody body, nint rows, nint columns, long elements)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TBody : IFusedLoopBody<T>, allows ref struct
    {
        var runner = ParallelRunner.Shared;
        if (runner.Degree == 1 || elements < ParallelThreshold || rows * columns < 2 * ColumnAlignment)
        {
            Run<T, TBody>(ref body, rows, columns);
            return;
        }
        using var profile = KernelProfiler.Measure(KernelProfiler.Enabled ? "loop " + typeof(TBody).Name + " (both cores)" : "loop");
        var parts = new FusedLoopParts<T, TBody>(body, rows, columns, 4 * runner.Degree);
        runner.Run(parts, parts.Parts);
    }

    /// <summary>
    /// <see cref="Run"/> split between the calling thread and the shared workers by strips of whole columns, for a body
    /// whose only sums are into vectors indexed by the column, over every row (the gradient of a bias broadcast down
    /// the rows): each strip is summed over all rows, in order, by one thread, so the bits are those of
    /// <see cref="Run"/>. A strip starts at a multiple of <see cref="ColumnAlignment"/>, so every element keeps the
    /// vector width it has in the one-thread loop.
    /// </summary>
    public static void RunColumnStrips<T, TBody>(ref TBody body, nint rows, nint columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TBody : IFusedLoopBody<T>, allows ref struct
    {
        var runner = ParallelRunner.Shared;
        if (runner.Degree == 1 || (long)rows * columns < ParallelThreshold || columns < 2 * ColumnAlignment)
        {
            Run<T, TBody>(ref body, rows, columns);
            return;
        }
        using var profile = KernelProfiler.Measure(KernelProfiler.Enabled ? "loop " + typeof(TBody).Name + " (column strips)" : "loop");
        var strips = new FusedLoopStrips<T, TBody>(body, rows, columns, 2 * runner.Degree);
        runner.Run(strips, strips.Parts);
    }

    /// <summary>
    /// One row of <paramref name="columns"/> elements in the widest register that fits, the tail as one last register
    /// that overlaps the one before: a row of 27 floats is two registers of sixteen instead of one of sixteen, one of
    /// eight and three single lanes. Only for bodies that compute each element from inputs they do not write (an
    /// overlapped element is computed twice, in a different lane, with the same result) and sum nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void RunRowOverlapped<T, TBody>(ref TBody body, nint columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TBody : IFusedLoopBody<T>, allows ref struct
    {
        if (Simd512<T>.IsHardwareAccelerated && columns >= Simd512<T>.Count) Overlapped<T, TBody, Simd512<T>>(ref body, columns);
        else if (Simd256<T>.IsHardwareAccelerated && columns >= Simd256<T>.Count) Overlapped<T, TBody, Simd256<T>>(ref body, columns);
        else RunRows<T, TBody>(ref body, 0, 1, 0, columns);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Overlapped<T, TBody, TSimd>(ref TBody body, nint columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TBody : IFusedLoopBody<T>, allows ref struct
        where TSimd : struct, ISimd<TSimd, T>
    {
        body.BeginRow(0);
        nint column = 0;
        for (; column <= columns - TSimd.Count; column += TSimd.Count) body.Compute<TSimd>(column);
        if (column < columns) body.Compute<TSimd>(columns - TSimd.Count);
        body.EndRow(0);
    }

    /// <summary>
    /// Columns <c>[start, end)</c> of rows <c>[firstRow, endRow)</c>; <paramref name="start"/> is 0 or a multiple of
    /// <see cref="ColumnAlignment"/>. Kept out of line, so that the JIT's inlining budget goes to the body.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static void RunRows<T, TBody>(ref TBody body, nint firstRow, nint endRow, nint start, nint end)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TBody : IFusedLoopBody<T>, allows ref struct
    {
        // A local copy, written back at the end: the JIT keeps its fields in registers, where through the reference it
        // would reload every one after each store, since a store might have written the body itself.
        TBody local = body;
        for (nint row = firstRow; row < endRow; row++)
        {
            local.BeginRow(row);
            nint column = start;
            if (Simd512<T>.IsHardwareAccelerated)
            {
                for (; column <= end - Simd512<T>.Count; column += Simd512<T>.Count)
                    local.Compute<Simd512<T>>(column);
            }
            if (Simd256<T>.IsHardwareAccelerated)
            {
                for (; column <= end - Simd256<T>.Count; column += Simd256<T>.Count)
                    local.Compute<Simd256<T>>(column);
            }
            if (Simd128<T>.IsHardwareAccelerated)
            {
                for (; column <= end - Simd128<T>.Count; column += Simd128<T>.Count)
                    local.Compute<Simd128<T>>(column);
            }
            for (; column < end; column++)
                local.Compute<SimdScalar<T>>(column);
            local.EndRow(row);
        }
        body = local;
    }
}
