using System.Runtime.CompilerServices;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The shape logic of NumPy/PyTorch broadcasting: the result shape of two operands, and the simplest loop that
/// walks a binary broadcast (<see cref="BroadcastLoop"/>).
/// </summary>
/// <remarks>
/// Shapes are aligned at their trailing dimensions. Each aligned pair must be equal, or one of them 1, or one of
/// them absent; the result takes the larger. Nothing here allocates: lengths and strides live in fixed buffers of
/// <see cref="MaxRank"/> entries.
/// </remarks>
internal static class Broadcasting
{
    /// <summary>The highest rank a broadcast between two differently shaped operands supports.</summary>
    public const int MaxRank = 8;

    /// <summary>
    /// Writes the broadcast shape of <paramref name="left"/> and <paramref name="right"/> to the start of
    /// <paramref name="result"/> and returns its rank.
    /// </summary>
    /// <param name="left">The left operand's lengths.</param>
    /// <param name="right">The right operand's lengths.</param>
    /// <param name="result">Receives the result's lengths; at least <see cref="MaxRank"/> long.</param>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together, or the result's rank exceeds <see cref="MaxRank"/>.</exception>
    public static int ResultLengths(ReadOnlySpan<nint> left, ReadOnlySpan<nint> right, Span<nint> result)
    {
        int rank = Math.Max(left.Length, right.Length);
        ThrowIfRankTooHigh(rank, left, right);
        for (int axis = 0; axis < rank; axis++)
        {
            nint leftLength = AlignedLength(left, axis, rank);
            nint rightLength = AlignedLength(right, axis, rank);
            if (leftLength != rightLength && leftLength != 1 && rightLength != 1)
                throw new ArgumentException($"Cannot broadcast {ShapeCheck.Format(left)} with {ShapeCheck.Format(right)}.");
            result[axis] = leftLength == 1 ? rightLength : leftLength;
        }
        return rank;
    }

    /// <summary>
    /// Whether <paramref name="source"/> broadcasts to exactly <paramref name="target"/>: no higher rank, and each
    /// aligned length equal to the target's or 1.
    /// </summary>
    public static bool BroadcastsTo(ReadOnlySpan<nint> source, ReadOnlySpan<nint> target)
    {
        if (source.Length > target.Length) return false;
        for (int axis = 0; axis < source.Length; axis++)
        {
            nint length = source[axis];
            if (length != 1 && length != target[target.Length - source.Length + axis]) return false;
        }
        return true;
    }

    /// <summary>
    /// Plans <c>result = left ⊕ right</c> over dense row-major operands as one <see cref="BroadcastLoop"/>.
    /// </summary>
    /// <remarks>
    /// The shapes are canonicalised, innermost dimension first: dimensions where the result has length 1 are
    /// dropped (they do not move any operand), and each dimension is merged into the next inner one when both
    /// operands have the same pattern there (both read along it, or one of them repeated along it), because the
    /// merged pair is then walked by one stride. The innermost canonical dimension becomes the contiguous row of
    /// the loop; the others become its outer iteration.
    /// </remarks>
    /// <param name="left">The left operand's lengths; must broadcast to <paramref name="result"/>.</param>
    /// <param name="right">The right operand's lengths; must broadcast to <paramref name="result"/>.</param>
    /// <param name="result">The result's lengths, as <see cref="ResultLengths"/> computes them.</param>
    /// <param name="loop">Receives the plan.</param>
    /// <exception cref="ArgumentException">The result's rank exceeds <see cref="MaxRank"/>, or an operand does not broadcast to <paramref name="result"/>.</exception>
    public static void Plan(ReadOnlySpan<nint> left, ReadOnlySpan<nint> right, ReadOnlySpan<nint> result, out BroadcastLoop loop)
    {
        ThrowIfRankTooHigh(result.Length, left, right);
        if (!BroadcastsTo(left, result) || !BroadcastsTo(right, result))
        {
            throw new ArgumentException(
                $"Cannot broadcast {ShapeCheck.Format(left)} with {ShapeCheck.Format(right)} to {ShapeCheck.Format(result)}.");
        }

        loop = default;
        RankBuffer lengths = default;
        RankBuffer leftStrides = default;
        RankBuffer rightStrides = default;
        int count = 0;
        nint leftStride = 1, rightStride = 1;
        for (int axis = result.Length - 1; axis >= 0; axis--)
        {
            nint length = result[axis];
            nint leftLength = AlignedLength(left, axis, result.Length);
            nint rightLength = AlignedLength(right, axis, result.Length);
            if (length != 1)
            {
                // An operand of length 1 here is repeated along this dimension: stride 0.
                bool leftMoves = leftLength != 1, rightMoves = rightLength != 1;
                if (count > 0 && (leftStrides[count - 1] != 0) == leftMoves && (rightStrides[count - 1] != 0) == rightMoves)
                {
                    lengths[count - 1] *= length;
                }
                else
                {
                    lengths[count] = length;
                    leftStrides[count] = leftMoves ? leftStride : 0;
                    rightStrides[count] = rightMoves ? rightStride : 0;
                    count++;
                }
            }
            leftStride *= leftLength;
            rightStride *= rightLength;
        }

        loop.LeftLength = leftStride;
        loop.RightLength = rightStride;
        if (count == 0)
        {
            // Every length is 1: a single element.
            loop.Rows = 1;
            loop.Columns = 1;
            return;
        }

        loop.Columns = lengths[0];
        loop.LeftIsSplat = leftStrides[0] == 0;
        loop.RightIsSplat = rightStrides[0] == 0;
        loop.OuterRank = count - 1;
        nint rows = 1;
        for (int i = 1; i < count; i++)
        {
            loop.OuterLengths[i - 1] = lengths[i];
            loop.LeftOuterStrides[i - 1] = leftStrides[i];
            loop.RightOuterStrides[i - 1] = rightStrides[i];
            rows *= lengths[i];
        }
        loop.Rows = rows;
    }

    // The length of 'lengths' along result axis 'axis' once aligned at the trailing end: 1 where it has no such axis.
    private static nint AlignedLength(ReadOnlySpan<nint> lengths, int axis, int rank)
    {
        int own = axis - (rank - lengths.Length);
        return own >= 0 ? lengths[own] : 1;
    }

    private static void ThrowIfRankTooHigh(int rank, ReadOnlySpan<nint> left, ReadOnlySpan<nint> right)
    {
        if (rank > MaxRank)
        {
            throw new ArgumentException(
                $"Broadcasting supports tensors of rank up to {MaxRank}; cannot broadcast {ShapeCheck.Format(left)} with {ShapeCheck.Format(right)}.");
        }
    }
}

/// <summary>
/// A binary broadcast as a loop over <c>[Rows, Columns]</c> of a dense row-major result: each row is contiguous in
/// the result; in each operand a row is either contiguous too or one element repeated (a splat). Where a row starts
/// in each operand follows from the row's index through the outer lengths and strides.
/// </summary>
internal struct BroadcastLoop
{
    /// <summary>The number of rows: the product of the outer lengths.</summary>
    public nint Rows;

    /// <summary>The length of each row.</summary>
    public nint Columns;

    /// <summary>Whether the left operand holds one value per row, repeated along it.</summary>
    public bool LeftIsSplat;

    /// <summary>Whether the right operand holds one value per row, repeated along it.</summary>
    public bool RightIsSplat;

    /// <summary>The number of elements the left operand has.</summary>
    public nint LeftLength;

    /// <summary>The number of elements the right operand has.</summary>
    public nint RightLength;

    /// <summary>The number of outer dimensions.</summary>
    public int OuterRank;

    /// <summary>The outer dimensions' lengths, innermost first.</summary>
    public RankBuffer OuterLengths;

    /// <summary>The left operand's stride along each outer dimension (0 where it is repeated), innermost first.</summary>
    public RankBuffer LeftOuterStrides;

    /// <summary>The right operand's stride along each outer dimension (0 where it is repeated), innermost first.</summary>
    public RankBuffer RightOuterStrides;

    /// <summary>Where row <paramref name="row"/> starts in each operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void RowOffsets(nint row, out nint left, out nint right)
    {
        left = 0;
        right = 0;
        for (int i = 0; i < OuterRank; i++)
        {
            nint length = OuterLengths[i];
            nint index = row % length;
            row /= length;
            left += index * LeftOuterStrides[i];
            right += index * RightOuterStrides[i];
        }
    }
}

/// <summary>Up to <see cref="Broadcasting.MaxRank"/> lengths or strides, stored inline.</summary>
[InlineArray(Broadcasting.MaxRank)]
internal struct RankBuffer
{
    private nint _element0;
}
