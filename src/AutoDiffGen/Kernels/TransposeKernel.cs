using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>Transposes a dense row-major matrix into another, block by block so both sides stay in cache.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class TransposeKernel
{
    // Small blocks: a block's source rows must stay cached while its columns are read, even when the row stride is a
    // power of two and maps every row to the same cache set (a 1024 × 1024 float transpose is 4× slower with 32).
    private const int BlockSize = 8;

    /// <summary>
    /// <c>destination[j·rows + i] = source[i·columns + j]</c>: <paramref name="source"/> is row-major
    /// <c>[rows, columns]</c> and <paramref name="destination"/> receives its transpose, row-major
    /// <c>[columns, rows]</c>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">At least <c>rows·columns</c> elements.</param>
    /// <param name="destination">At least <c>rows·columns</c> elements; must not overlap <paramref name="source"/>.</param>
    /// <param name="rows">Rows of the source.</param>
    /// <param name="columns">Columns of the source.</param>
    /// <exception cref="ArgumentException">A size is negative, a span is too short, or the spans overlap.</exception>
    public static void Transpose<T>(ReadOnlySpan<T> source, Span<T> destination, int rows, int columns)
    {
        using var profile = KernelProfiler.Measure("transpose");
        if (rows < 0 || columns < 0) throw new ArgumentException($"Sizes must not be negative (rows = {rows}, columns = {columns}).");
        long count = (long)rows * columns;
        if (source.Length < count) throw new ArgumentException($"'source' has {source.Length} elements; [{rows}, {columns}] needs {count}.", nameof(source));
        if (destination.Length < count) throw new ArgumentException($"'destination' has {destination.Length} elements; [{columns}, {rows}] needs {count}.", nameof(destination));
        if (count == 0) return;
        if (destination[..(int)count].Overlaps(source[..(int)count]))
            throw new ArgumentException("'destination' must not overlap 'source'.", nameof(destination));

        ref T from = ref MemoryMarshal.GetReference(source);
        ref T to = ref MemoryMarshal.GetReference(destination);
        for (int rowStart = 0; rowStart < rows; rowStart += BlockSize)
        {
            int rowEnd = Math.Min(rowStart + BlockSize, rows);
            for (int columnStart = 0; columnStart < columns; columnStart += BlockSize)
            {
                int columnEnd = Math.Min(columnStart + BlockSize, columns);
                // Destination rows are written contiguously; the source is read down its columns.
                for (int j = columnStart; j < columnEnd; j++)
                {
                    ref T destinationRow = ref Unsafe.Add(ref to, (nint)j * rows);
                    for (int i = rowStart; i < rowEnd; i++)
                        Unsafe.Add(ref destinationRow, i) = Unsafe.Add(ref from, (nint)i * columns + j);
                }
            }
        }
    }
}
