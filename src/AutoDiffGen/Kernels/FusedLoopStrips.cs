using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A fused loop cut into strips of whole columns for <see cref="ParallelRunner"/>: each part runs every row over its
/// own column range, with its own copy of the body, so sums into a per-column vector never meet another thread's.
/// </summary>
internal readonly ref struct FusedLoopStrips<T, TBody> : IParallelWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TBody : IFusedLoopBody<T>, allows ref struct
{
    private readonly TBody _body;
    private readonly nint _rows;
    private readonly nint _columns;
    private readonly nint _width;

    public FusedLoopStrips(TBody body, nint rows, nint columns, int parts)
    {
        _body = body;
        _rows = rows;
        _columns = columns;
        nint share = (columns + parts - 1) / parts;
        _width = (share + FusedLoop.ColumnAlignment - 1) / FusedLoop.ColumnAlignment * FusedLoop.ColumnAlignment;
        Parts = (int)((columns + _width - 1) / _width);
    }

    /// <summary>The number of strips, at most the number asked for.</summary>
    public int Parts { get; }

    public void Run(int part)
    {
        TBody body = _body;
        nint start = part * _width;
        FusedLoop.RunRows<T, TBody>(ref body, 0, _rows, start, nint.Min(start + _width, _columns));
    }
}
