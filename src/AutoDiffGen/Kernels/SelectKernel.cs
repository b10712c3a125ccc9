using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The elementwise driver for a three-operand select under broadcasting:
/// <c>destination[i] = condition[i] != 0 ? whenTrue[i] : whenFalse[i]</c>, each operand broadcast to the result,
/// lane by lane through <see cref="ISimd{TSelf, T}.Where"/>.
/// </summary>
internal static class SelectKernel
{
    /// <summary>
    /// Writes the broadcast shape of the three operands to the start of <paramref name="result"/> and returns its
    /// rank: <see cref="Broadcasting.ResultLengths"/> folded over them.
    /// </summary>
    /// <param name="condition">The condition's lengths.</param>
    /// <param name="whenTrue">The lengths of the values taken where the condition is not 0.</param>
    /// <param name="whenFalse">The lengths of the values taken where the condition is 0.</param>
    /// <param name="result">Receives the result's lengths; at least <see cref="Broadcasting.MaxRank"/> long.</param>
    /// <exception cref="ArgumentException">The shapes cannot be broadcast together, or the result's rank exceeds <see cref="Broadcasting.MaxRank"/>.</exception>
    public static int ResultLengths(ReadOnlySpan<nint> condition, ReadOnlySpan<nint> whenTrue, ReadOnlySpan<nint> whenFalse, Span<nint> result)
    {
        int rank = Math.Max(condition.Length, Math.Max(whenTrue.Length, whenFalse.Length));
        if (rank > Broadcasting.MaxRank)
        {
            throw new ArgumentException(
                $"Broadcasting supports tensors of rank up to {Broadcasting.MaxRank}; cannot broadcast {Describe(condition, whenTrue, whenFalse)}.");
        }

        // The pair's shape in a buffer of its own: ResultLengths reads its left operand while it writes the result,
        // so the two must not share memory.
        Span<nint> pair = stackalloc nint[Broadcasting.MaxRank];
        try
        {
            int pairRank = Broadcasting.ResultLengths(condition, whenTrue, pair);
            return Broadcasting.ResultLengths(pair[..pairRank], whenFalse, result);
        }
        catch (ArgumentException inner)
        {
            throw new ArgumentException($"Cannot broadcast {Describe(condition, whenTrue, whenFalse)} together.", inner);
        }
    }

    /// <summary>
    /// Plans the select over dense row-major operands as one <see cref="SelectLoop"/>, canonicalised as
    /// <see cref="Broadcasting.Plan"/> canonicalises a binary broadcast: dimensions where the result has length 1
    /// are dropped, and a dimension is merged into the next inner one when every operand has the same pattern there.
    /// </summary>
    /// <exception cref="ArgumentException">The result's rank exceeds <see cref="Broadcasting.MaxRank"/>, or an operand does not broadcast to <paramref name="result"/>.</exception>
    public static void Plan(ReadOnlySpan<nint> condition, ReadOnlySpan<nint> whenTrue, ReadOnlySpan<nint> whenFalse, ReadOnlySpan<nint> result, out SelectLoop loop)
    {
        if (result.Length > Broadcasting.MaxRank)
        {
            throw new ArgumentException(
                $"Broadcasting supports tensors of rank up to {Broadcasting.MaxRank}; cannot broadcast {Describe(condition, whenTrue, whenFalse)}.");
        }
        if (!Broadcasting.BroadcastsTo(condition, result) || !Broadcasting.BroadcastsTo(whenTrue, result) || !Broadcasting.BroadcastsTo(whenFalse, result))
            throw new ArgumentException($"Cannot broadcast {Describe(condition, whenTrue, whenFalse)} to {ShapeCheck.Format(result)}.");

        loop = default;
        RankBuffer lengths = default;
        RankBuffer conditionStrides = default, whenTrueStrides = default, whenFalseStrides = default;
        int count = 0;
        nint conditionStride = 1, whenTrueStride = 1, whenFalseStride = 1;
        for (int axis = result.Length - 1; axis >= 0; axis--)
        {
            nint length = result[axis];
            nint conditionLength = AlignedLength(condition, axis, result.Length);
            nint whenTrueLength = AlignedLength(whenTrue, axis, result.Length);
            nint whenFalseLength = AlignedLength(whenFalse, axis, result.Length);
            if (length != 1)
            {
                // An operand of length 1 here is repeated along this dimension: stride 0.
                bool conditionMoves = conditionLength != 1, whenTrueMoves = whenTrueLength != 1, whenFalseMoves = whenFalseLength != 1;
                if (count > 0 && (conditionStrides[count - 1] != 0) == conditionMoves && (whenTrueStrides[count - 1] != 0) == whenTrueMoves
                    && (whenFalseStrides[count - 1] != 0) == whenFalseMoves)
                {
                    lengths[count - 1] *= length;
                }
                else
                {
                    lengths[count] = length;
                    conditionStrides[count] = conditionMoves ? conditionStride : 0;
                    whenTrueStrides[count] = whenTrueMoves ? whenTrueStride : 0;
                    whenFalseStrides[count] = whenFalseMoves ? whenFalseStride : 0;
                    count++;
                }
            }
            conditionStride *= conditionLength;
            whenTrueStride *= whenTrueLength;
            whenFalseStride *= whenFalseLength;
        }

        loop.ConditionLength = conditionStride;
        loop.WhenTrueLength = whenTrueStride;
        loop.WhenFalseLength = whenFalseStride;
        if (count == 0)
        {
            // Every length is 1: a single element.
            loop.Rows = 1;
            loop.Columns = 1;
            return;
        }

        loop.Columns = lengths[0];
        loop.ConditionIsSplat = conditionStrides[0] == 0;
        loop.WhenTrueIsSplat = whenTrueStrides[0] == 0;
        loop.WhenFalseIsSplat = whenFalseStrides[0] == 0;
        loop.OuterRank = count - 1;
        nint rows = 1;
        for (int i = 1; i < count; i++)
        {
            loop.OuterLengths[i - 1] = lengths[i];
            loop.ConditionOuterStrides[i - 1] = conditionStrides[i];
            loop.WhenTrueOuterStrides[i - 1] = whenTrueStrides[i];
            loop.WhenFalseOuterStrides[i - 1] = whenFalseStrides[i];
            rows *= lengths[i];
        }
        loop.Rows = rows;
    }

    /// <summary>
    /// <c>destination = condition != 0 ? whenTrue : whenFalse</c> over dense row-major operands, each broadcast from
    /// its lengths to <paramref name="resultLengths"/> (which must be the broadcast of the three).
    /// <paramref name="destination"/> must not overlap the operands.
    /// </summary>
    /// <exception cref="ArgumentException">An operand does not broadcast to the result, or a span is shorter than its lengths need.</exception>
    public static void Apply<T>(ReadOnlySpan<T> condition, ReadOnlySpan<nint> conditionLengths, ReadOnlySpan<T> whenTrue, ReadOnlySpan<nint> whenTrueLengths,
        ReadOnlySpan<T> whenFalse, ReadOnlySpan<nint> whenFalseLengths, ReadOnlySpan<nint> resultLengths, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Plan(conditionLengths, whenTrueLengths, whenFalseLengths, resultLengths, out SelectLoop loop);
        nint count = loop.Rows * loop.Columns;
        if (condition.Length < loop.ConditionLength) throw TooShort(nameof(condition), condition.Length, loop.ConditionLength);
        if (whenTrue.Length < loop.WhenTrueLength) throw TooShort(nameof(whenTrue), whenTrue.Length, loop.WhenTrueLength);
        if (whenFalse.Length < loop.WhenFalseLength) throw TooShort(nameof(whenFalse), whenFalse.Length, loop.WhenFalseLength);
        if (destination.Length < count) throw TooShort(nameof(destination), destination.Length, count);
        if (count == 0) return;

        var body = new Body<T>(in loop, in MemoryMarshal.GetReference(condition), in MemoryMarshal.GetReference(whenTrue),
            in MemoryMarshal.GetReference(whenFalse), ref MemoryMarshal.GetReference(destination));
        FusedLoop.Run<T, Body<T>>(ref body, loop.Rows, loop.Columns);
    }

    private static string Describe(ReadOnlySpan<nint> condition, ReadOnlySpan<nint> whenTrue, ReadOnlySpan<nint> whenFalse)
        => $"condition {ShapeCheck.Format(condition)}, whenTrue {ShapeCheck.Format(whenTrue)} and whenFalse {ShapeCheck.Format(whenFalse)}";

    // The length of 'lengths' along result axis 'axis' once aligned at the trailing end: 1 where it has no such axis.
    private static nint AlignedLength(ReadOnlySpan<nint> lengths, int axis, int rank)
    {
        int own = axis - (rank - lengths.Length);
        return own >= 0 ? lengths[own] : 1;
    }

    private static ArgumentException TooShort(string name, int length, nint needed)
        => new($"'{name}' has {length} elements; the select needs {needed}.", name);

    private ref struct Body<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly SelectLoop _loop;
        private readonly ref readonly T _conditionStart;
        private readonly ref readonly T _whenTrueStart;
        private readonly ref readonly T _whenFalseStart;
        private readonly ref T _destinationStart;

        // The current row of each operand and of the destination.
        private ref readonly T _condition;
        private ref readonly T _whenTrue;
        private ref readonly T _whenFalse;
        private ref T _destination;

        public Body(ref readonly SelectLoop loop, ref readonly T condition, ref readonly T whenTrue, ref readonly T whenFalse, ref T destination)
        {
            _loop = ref loop;
            _conditionStart = ref condition;
            _whenTrueStart = ref whenTrue;
            _whenFalseStart = ref whenFalse;
            _destinationStart = ref destination;
            _condition = ref condition;
            _whenTrue = ref whenTrue;
            _whenFalse = ref whenFalse;
            _destination = ref destination;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void BeginRow(nint row)
        {
            _loop.RowOffsets(row, out nint conditionOffset, out nint whenTrueOffset, out nint whenFalseOffset);
            _condition = ref Unsafe.Add(ref Unsafe.AsRef(in _conditionStart), conditionOffset);
            _whenTrue = ref Unsafe.Add(ref Unsafe.AsRef(in _whenTrueStart), whenTrueOffset);
            _whenFalse = ref Unsafe.Add(ref Unsafe.AsRef(in _whenFalseStart), whenFalseOffset);
            _destination = ref Unsafe.Add(ref _destinationStart, row * _loop.Columns);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            TSimd condition = _loop.ConditionIsSplat ? TSimd.Splat(_condition) : TSimd.Load(in _condition, column);
            TSimd whenTrue = _loop.WhenTrueIsSplat ? TSimd.Splat(_whenTrue) : TSimd.Load(in _whenTrue, column);
            TSimd whenFalse = _loop.WhenFalseIsSplat ? TSimd.Splat(_whenFalse) : TSimd.Load(in _whenFalse, column);
            TSimd.Store(TSimd.Where(condition, whenTrue, whenFalse), ref _destination, column);
        }

        public readonly void EndRow(nint row) { }
    }
}

/// <summary>
/// A three-operand broadcast as a loop over <c>[Rows, Columns]</c> of a dense row-major result, as
/// <see cref="BroadcastLoop"/> is for two: each row is contiguous in the result; in each operand a row is either
/// contiguous too or one element repeated (a splat).
/// </summary>
internal struct SelectLoop
{
    /// <summary>The number of rows: the product of the outer lengths.</summary>
    public nint Rows;

    /// <summary>The length of each row.</summary>
    public nint Columns;

    /// <summary>Whether the condition holds one value per row, repeated along it.</summary>
    public bool ConditionIsSplat;

    /// <summary>Whether the values taken where the condition holds are one per row, repeated along it.</summary>
    public bool WhenTrueIsSplat;

    /// <summary>Whether the values taken where the condition fails are one per row, repeated along it.</summary>
    public bool WhenFalseIsSplat;

    /// <summary>The number of elements the condition has.</summary>
    public nint ConditionLength;

    /// <summary>The number of elements the values taken where the condition holds have.</summary>
    public nint WhenTrueLength;

    /// <summary>The number of elements the values taken where the condition fails have.</summary>
    public nint WhenFalseLength;

    /// <summary>The number of outer dimensions.</summary>
    public int OuterRank;

    /// <summary>The outer dimensions' lengths, innermost first.</summary>
    public RankBuffer OuterLengths;

    /// <summary>The condition's stride along each outer dimension (0 where it is repeated), innermost first.</summary>
    public RankBuffer ConditionOuterStrides;

    /// <summary>The stride of the values taken where the condition holds, along each outer dimension, innermost first.</summary>
    public RankBuffer WhenTrueOuterStrides;

    /// <summary>The stride of the values taken where the condition fails, along each outer dimension, innermost first.</summary>
    public RankBuffer WhenFalseOuterStrides;

    /// <summary>Where row <paramref name="row"/> starts in each operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void RowOffsets(nint row, out nint condition, out nint whenTrue, out nint whenFalse)
    {
        condition = 0;
        whenTrue = 0;
        whenFalse = 0;
        for (int i = 0; i < OuterRank; i++)
        {
            nint length = OuterLengths[i];
            nint index = row % length;
            row /= length;
            condition += index * ConditionOuterStrides[i];
            whenTrue += index * WhenTrueOuterStrides[i];
            whenFalse += index * WhenFalseOuterStrides[i];
        }
    }
}
