using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A fused loop cut into parts for <see cref="ParallelRunner"/>: whole rows when there are enough of them, otherwise
/// column ranges of each row whose starts are multiples of <see cref="FusedLoop.ColumnAlignment"/>. Every part runs
/// its own copy of the body, so the body's per-row state (offsets) is never shared between threads.
/// </summary>
/// <remarks>
/// Each element is computed with the same vector width as in the one-thread loop (a range starts at a multiple of
/// every vector width and the last range ends at the row's end), so the results are bit-identical to it.
/// </remarks>
internal ref struct FusedLoopParts<T, TBody> : IParallelWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TBody : IFusedLoopBody<T>, allows ref struct
{
    private readonly TBody _body;
    private readonly nint _rows;
    private readonly nint _columns;
    private readonly nint _rowsPerPart;
    private readonly nint _columnsPerPart;
    private readonly int _partsPerRow;

    public FusedLoopParts(TBody body, nint rows, nint columns, int parts)
    {
        _body = body;
        _rows = rows;
        _columns = columns;
        if (rows >= parts)
        {
            _rowsPerPart = (rows + parts - 1) / parts;
            _columnsPerPart = columns;
            _partsPerRow = 1;
            Parts = (int)((rows + _rowsPerPart - 1) / _rowsPerPart);
        }
        else
        {
            int perRow = (int)((parts + rows - 1) / rows);
            nint width = (columns + perRow - 1) / perRow;
            _columnsPerPart = (width + FusedLoop.ColumnAlignment - 1) / FusedLoop.ColumnAlignment * FusedLoop.ColumnAlignment;
            _partsPerRow = (int)((columns + _columnsPerPart - 1) / _columnsPerPart);
            _rowsPerPart = 1;
            Parts = (int)rows * _partsPerRow;
        }
    }

    /// <summary>The number of parts, at most the number asked for.</summary>
    public int Parts { get; }

    public readonly void Run(int part)
    {
        TBody body = _body;
        if (_partsPerRow == 1)
        {
            nint first = part * _rowsPerPart;
            FusedLoop.RunRows<T, TBody>(ref body, first, nint.Min(first + _rowsPerPart, _rows), 0, _columns);
        }
        else
        {
            nint row = part / _partsPerRow;
            nint start = part % _partsPerRow * _columnsPerPart;
            FusedLoop.RunRows<T, TBody>(ref body, row, row + 1, start, nint.Min(start + _columnsPerPart, _columns));
        }
    }
}
