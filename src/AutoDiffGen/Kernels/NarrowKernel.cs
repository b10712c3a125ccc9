using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A run of positions along one axis, over dense row-major data viewed as <c>[outer, axisLength, inner]</c> around
/// the axis: copied out (<see cref="Narrow{T}"/>, <c>torch.narrow</c>), and written back into place
/// (<see cref="Place{T}"/>: one part of a concatenation, or the adjoint of a narrow with the rest cleared).
/// </summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class NarrowKernel
{
    /// <summary><c>y[o, j, i] = x[o, start + j, i]</c> for <c>j</c> in <c>[0, length)</c>.</summary>
    /// <param name="x">Row-major <c>[outer, axisLength, inner]</c>.</param>
    /// <param name="y">Row-major <c>[outer, length, inner]</c>; must not overlap <paramref name="x"/>.</param>
    /// <param name="outer">The product of the dimensions before the axis.</param>
    /// <param name="axisLength">The length of the axis in <paramref name="x"/>.</param>
    /// <param name="inner">The product of the dimensions after the axis.</param>
    /// <param name="start">The first position taken along the axis.</param>
    /// <param name="length">The number of positions taken.</param>
    /// <exception cref="ArgumentException">A size is negative, the run does not fit in the axis, a span's length is not the one the sizes imply, or the spans overlap.</exception>
    public static void Narrow<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner, int start, int length)
        where T : unmanaged, INumberBase<T>
    {
        using var profile = KernelProfiler.Measure("narrow");
        Check(x, nameof(x), y, nameof(y), outer, axisLength, inner, start, length);
        int run = length * inner, block = axisLength * inner;
        for (int o = 0; o < outer; o++)
            x.Slice(o * block + start * inner, run).CopyTo(y.Slice(o * run, run));
    }

    /// <summary>
    /// <c>y[o, start + j, i] = x[o, j, i]</c> for <c>j</c> in <c>[0, length)</c>; with <paramref name="clearRest"/>, every
    /// other element of <paramref name="y"/> is set to 0, otherwise left as it is.
    /// </summary>
    /// <param name="x">Row-major <c>[outer, length, inner]</c>.</param>
    /// <param name="y">Row-major <c>[outer, axisLength, inner]</c>; must not overlap <paramref name="x"/>.</param>
    /// <param name="outer">The product of the dimensions before the axis.</param>
    /// <param name="axisLength">The length of the axis in <paramref name="y"/>.</param>
    /// <param name="inner">The product of the dimensions after the axis.</param>
    /// <param name="start">Where the run goes along the axis.</param>
    /// <param name="length">The number of positions written.</param>
    /// <param name="clearRest">Set the positions outside the run to 0.</param>
    /// <exception cref="ArgumentException">A size is negative, the run does not fit in the axis, a span's length is not the one the sizes imply, or the spans overlap.</exception>
    public static void Place<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner, int start, int length, bool clearRest)
        where T : unmanaged, INumberBase<T>
    {
        using var profile = KernelProfiler.Measure("place");
        Check(y, nameof(y), x, nameof(x), outer, axisLength, inner, start, length);
        int run = length * inner, block = axisLength * inner;
        for (int o = 0; o < outer; o++)
        {
            var target = y.Slice(o * block, block);
            if (clearRest)
            {
                target.Slice(0, start * inner).Clear();
                target.Slice((start + length) * inner).Clear();
            }
            x.Slice(o * run, run).CopyTo(target.Slice(start * inner, run));
        }
    }

    private static void Check<T>(ReadOnlySpan<T> whole, string wholeName, ReadOnlySpan<T> part, string partName,
        int outer, int axisLength, int inner, int start, int length)
    {
        KernelArguments.NotNegative(outer, axisLength, inner, start, length);
        if ((long)start + length > axisLength)
            throw new ArgumentException($"Positions {start} to {(long)start + length - 1} do not fit in an axis of length {axisLength}.", nameof(start));
        KernelArguments.Length(whole, wholeName, outer, axisLength, inner);
        KernelArguments.Length(part, partName, outer, length, inner);
        if (part.Overlaps(whole)) throw new ArgumentException($"'{partName}' must not overlap '{wholeName}'.", partName);
    }
}
