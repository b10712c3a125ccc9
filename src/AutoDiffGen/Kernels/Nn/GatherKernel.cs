using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Reading rows or single elements of a table by index, and the scatter that is its gradient, over dense
/// row-major data.
/// </summary>
/// <remarks>
/// Every method checks its indices with <see cref="IndexCheck.InRange"/> before it writes anything, so a bad index
/// throws <see cref="ArgumentOutOfRangeException"/> (naming <c>indices</c>) and leaves the destination untouched.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class GatherKernel
{
    /// <summary><c>destination[r, :] = table[indices[r], :]</c> for every <c>r</c>.</summary>
    /// <param name="table">Row-major <c>[tableRows, width]</c>.</param>
    /// <param name="indices">The rows to read, each in <c>[0, tableRows)</c>.</param>
    /// <param name="destination">Row-major <c>[indices.Length, width]</c>; must not overlap <paramref name="table"/>.</param>
    /// <param name="tableRows">The number of rows of the table.</param>
    /// <param name="width">The length of a row.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="destination"/> overlaps <paramref name="table"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, tableRows)</c>; nothing is written.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Embedding<T>(ReadOnlySpan<T> table, ReadOnlySpan<int> indices, Span<T> destination, int tableRows, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("embedding forward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(tableRows, width);
        KernelArguments.Length(table, nameof(table), tableRows, width);
        KernelArguments.Length<T>(destination, nameof(destination), indices.Length, width);
        KernelArguments.Disjoint<T>(destination, nameof(destination), table, nameof(table));
        IndexCheck.InRange(indices, tableRows, nameof(indices));

        ParallelRows.Run(new GatherRows<T>(table, indices, destination, width), indices.Length, (long)indices.Length * width);
    }

    private readonly ref struct GatherRows<T> : IRowRangeWork
    {
        private readonly ReadOnlySpan<T> _table;
        private readonly ReadOnlySpan<int> _indices;
        private readonly Span<T> _destination;
        private readonly int _width;

        public GatherRows(ReadOnlySpan<T> table, ReadOnlySpan<int> indices, Span<T> destination, int width)
        {
            _table = table;
            _indices = indices;
            _destination = destination;
            _width = width;
        }

        public void Run(int start, int end)
        {
            for (int r = start; r < end; r++)
                _table.Slice(_indices[r] * _width, _width).CopyTo(_destination.Slice(r * _width, _width));
        }
    }

    /// <summary>
    /// The gradient of <see cref="Embedding{T}"/>: <paramref name="dTable"/> is set to zero, then
    /// <c>dTable[indices[r], :] += g[r, :]</c> for <c>r</c> = 0, 1, … in order, so repeated indices accumulate.
    /// </summary>
    /// <param name="g">Row-major <c>[indices.Length, width]</c>: the gradient of the gathered rows.</param>
    /// <param name="indices">The rows that were read, each in <c>[0, tableRows)</c>.</param>
    /// <param name="dTable">Row-major <c>[tableRows, width]</c>, overwritten; must not overlap <paramref name="g"/>.</param>
    /// <param name="tableRows">The number of rows of the table.</param>
    /// <param name="width">The length of a row.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="dTable"/> overlaps <paramref name="g"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, tableRows)</c>; nothing is written.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void EmbeddingBackward<T>(ReadOnlySpan<T> g, ReadOnlySpan<int> indices, Span<T> dTable, int tableRows, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("embedding backward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(tableRows, width);
        KernelArguments.Length(g, nameof(g), indices.Length, width);
        KernelArguments.Length<T>(dTable, nameof(dTable), tableRows, width);
        KernelArguments.Disjoint<T>(dTable, nameof(dTable), g, nameof(g));
        IndexCheck.InRange(indices, tableRows, nameof(indices));

        dTable.Clear();
        var body = new ScatterAddBody<T>(in MemoryMarshal.GetReference(g), ref MemoryMarshal.GetReference(dTable), indices, width);
        FusedLoop.Run<T, ScatterAddBody<T>>(ref body, indices.Length, width);
    }

    /// <summary><c>destination[r] = x[r, indices[r]]</c> for every <c>r</c>.</summary>
    /// <param name="x">Row-major <c>[count, classes]</c>.</param>
    /// <param name="indices"><c>[count]</c>: the column to read from each row, each in <c>[0, classes)</c>.</param>
    /// <param name="destination"><c>[count]</c>; must not overlap <paramref name="x"/>.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="classes">The length of a row.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="destination"/> overlaps <paramref name="x"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, classes)</c>; nothing is written.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Pick<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> indices, Span<T> destination, int count, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("pick forward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(count, classes);
        KernelArguments.Length(x, nameof(x), count, classes);
        KernelArguments.Length(indices, nameof(indices), count);
        KernelArguments.Length<T>(destination, nameof(destination), count);
        KernelArguments.Disjoint<T>(destination, nameof(destination), x, nameof(x));
        IndexCheck.InRange(indices, classes, nameof(indices));

        for (int r = 0; r < count; r++)
            destination[r] = x[r * classes + indices[r]];
    }

    /// <summary>
    /// The gradient of <see cref="Pick{T}"/>: <paramref name="dx"/> is set to zero, then
    /// <c>dx[r, indices[r]] = g[r]</c> for every <c>r</c>.
    /// </summary>
    /// <param name="g"><c>[count]</c>: the gradient of the picked elements.</param>
    /// <param name="indices"><c>[count]</c>: the column read from each row, each in <c>[0, classes)</c>.</param>
    /// <param name="dx">Row-major <c>[count, classes]</c>, overwritten; must not overlap <paramref name="g"/>.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="classes">The length of a row.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or <paramref name="dx"/> overlaps <paramref name="g"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside <c>[0, classes)</c>; nothing is written.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void PickBackward<T>(ReadOnlySpan<T> g, ReadOnlySpan<int> indices, Span<T> dx, int count, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("pick backward");
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(count, classes);
        KernelArguments.Length(g, nameof(g), count);
        KernelArguments.Length(indices, nameof(indices), count);
        KernelArguments.Length<T>(dx, nameof(dx), count, classes);
        KernelArguments.Disjoint<T>(dx, nameof(dx), g, nameof(g));
        IndexCheck.InRange(indices, classes, nameof(indices));

        dx.Clear();
        for (int r = 0; r < count; r++)
            dx[r * classes + indices[r]] = g[r];
    }

    // Row r of the loop adds g's row r into the table row indices[r]; the indices were checked before the loop.
    private ref struct ScatterAddBody<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _g;
        private readonly ref T _dTable;
        private readonly ReadOnlySpan<int> _indices;
        private readonly nint _width;
        private ref readonly T _source;
        private ref T _target;

        public ScatterAddBody(ref readonly T g, ref T dTable, ReadOnlySpan<int> indices, nint width)
        {
            _g = ref g;
            _dTable = ref dTable;
            _indices = indices;
            _width = width;
            _source = ref g;
            _target = ref dTable;
        }

        public void BeginRow(nint row)
        {
            _source = ref Unsafe.Add(ref Unsafe.AsRef(in _g), row * _width);
            _target = ref Unsafe.Add(ref _dTable, _indices[(int)row] * _width);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Load(in _target, column) + TSimd.Load(in _source, column), ref _target, column);

        public readonly void EndRow(nint row) { }
    }
}
