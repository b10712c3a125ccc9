using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Sums over dense row-major data in a fixed order, so the same input always gives the same bits: along a
/// contiguous row through a <see cref="RowAccumulator{T}"/>, across rows one row after the other.
/// </summary>
internal static class SumKernel
{
    /// <summary>The sum of every element of <paramref name="source"/>; zero when it is empty.</summary>
    public static T Sum<T>(ReadOnlySpan<T> source) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        SumRows(source, new Span<T>(ref total), 1, source.Length);
        return total;
    }

    /// <summary>
    /// Sums <paramref name="source"/>, viewed as <c>[outer, length, inner]</c>, over its middle dimension:
    /// <c>destination[o·inner + i] = Σⱼ source[(o·length + j)·inner + i]</c>, zero when <paramref name="length"/> is 0.
    /// </summary>
    /// <exception cref="ArgumentException">A size is negative, or a span's length is not the one the sizes imply.</exception>
    public static void SumAxis<T>(ReadOnlySpan<T> source, Span<T> destination, int outer, int length, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outer < 0 || length < 0 || inner < 0)
            throw new ArgumentException($"Sizes must not be negative (outer = {outer}, length = {length}, inner = {inner}).");
        long sourceLength = (long)outer * length * inner, destinationLength = (long)outer * inner;
        if (source.Length != sourceLength)
            throw new ArgumentException($"'source' has {source.Length} elements; [{outer}, {length}, {inner}] needs {sourceLength}.", nameof(source));
        if (destination.Length != destinationLength)
            throw new ArgumentException($"'destination' has {destination.Length} elements; [{outer}, {inner}] needs {destinationLength}.", nameof(destination));

        if (inner == 1)
        {
            SumRows(source, destination, outer, length);
        }
        else if (length == 0)
        {
            destination.Clear();
        }
        else
        {
            // Start from slice j = 0 rather than from zero, so a sum of one slice is that slice exactly.
            for (int o = 0; o < outer; o++)
                source.Slice(o * length * inner, inner).CopyTo(destination.Slice(o * inner, inner));
            if (length > 1)
            {
                var body = new AddSlicesBody<T>(in MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination), length, inner);
                FusedLoop.Run<T, AddSlicesBody<T>>(ref body, (nint)outer * (length - 1), inner);
            }
        }
    }

    // destination[row] = the sum of row 'row' of source viewed as [rows, columns].
    private static void SumRows<T>(ReadOnlySpan<T> source, Span<T> destination, nint rows, nint columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var body = new RowSumBody<T>(in MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination), columns);
        FusedLoop.Run<T, RowSumBody<T>>(ref body, rows, columns);
    }

    private ref struct RowSumBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _source;
        private readonly ref T _destination;
        private readonly nint _columns;
        private ref readonly T _row;
        private RowAccumulator<T> _sum;

        public RowSumBody(ref readonly T source, ref T destination, nint columns)
        {
            _source = ref source;
            _destination = ref destination;
            _columns = columns;
            _row = ref source;
        }

        public void BeginRow(nint row)
        {
            _row = ref Unsafe.Add(ref Unsafe.AsRef(in _source), row * _columns);
            _sum.Clear();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => _sum.Add(TSimd.Load(in _row, column));

        public readonly void EndRow(nint row) => Unsafe.Add(ref _destination, row) = _sum.Total();
    }

    // Adds slices j = 1 .. length - 1 of each outer block into the destination, one row per (o, j), j ascending.
    private ref struct AddSlicesBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _source;
        private readonly ref T _destination;
        private readonly int _length;
        private readonly nint _inner;
        private ref readonly T _slice;
        private ref T _sum;

        public AddSlicesBody(ref readonly T source, ref T destination, int length, nint inner)
        {
            _source = ref source;
            _destination = ref destination;
            _length = length;
            _inner = inner;
            _slice = ref source;
            _sum = ref destination;
        }

        public void BeginRow(nint row)
        {
            nint outer = row / (_length - 1);
            nint j = row % (_length - 1) + 1;
            _slice = ref Unsafe.Add(ref Unsafe.AsRef(in _source), (outer * _length + j) * _inner);
            _sum = ref Unsafe.Add(ref _destination, outer * _inner);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Load(in _sum, column) + TSimd.Load(in _slice, column), ref _sum, column);

        public readonly void EndRow(nint row) { }
    }
}
