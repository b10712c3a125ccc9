namespace AutoDiffGen.Kernels;

/// <summary>
/// A grid of <see cref="RowParts"/> × <see cref="ColumnParts"/> blocks of C, cut on whole micro-kernel tiles, for
/// threads to compute one block each. Which thread computes a block changes no bit of it (<see cref="GemmBlocking"/>),
/// so the grid only has to be fast; it depends on the sizes and the number of threads alone.
/// </summary>
/// <param name="M">Rows of C.</param>
/// <param name="N">Columns of C.</param>
/// <param name="MR">Rows of a tile.</param>
/// <param name="NR">Columns of a tile.</param>
/// <param name="RowParts">Blocks down C.</param>
/// <param name="ColumnParts">Blocks across C.</param>
internal readonly record struct GemmPartition(int M, int N, int MR, int NR, int RowParts, int ColumnParts)
{
    /// <summary>Number of blocks.</summary>
    public int Parts => RowParts * ColumnParts;

    /// <summary>
    /// The grid of at most <paramref name="parts"/> blocks whose largest block costs least, counting its multiply-adds
    /// and its packing: a block packs the rows of A and the columns of B it needs, <paramref name="packingCost"/>
    /// multiply-adds' worth per element per step of k. Fewer blocks when C has too few tiles to go round. On a tie, C
    /// is cut into columns.
    /// </summary>
    public static GemmPartition For(int m, int n, int mr, int nr, int parts, int packingCost)
    {
        int rowTiles = (m + mr - 1) / mr, columnTiles = (n + nr - 1) / nr;
        for (; parts > 1; parts--)
        {
            int bestRows = 0;
            long bestCost = long.MaxValue;
            for (int rows = 1; rows <= parts; rows++)
            {
                if (parts % rows != 0 || rows > rowTiles || parts / rows > columnTiles) continue;

                // The largest block: whole tiles, rounded up.
                long height = (long)(rowTiles + rows - 1) / rows * mr;
                long width = (long)(columnTiles + parts / rows - 1) / (parts / rows) * nr;
                long cost = height * width + packingCost * (height + width);
                if (cost < bestCost) (bestRows, bestCost) = (rows, cost);
            }
            if (bestRows > 0) return new GemmPartition(m, n, mr, nr, bestRows, parts / bestRows);
        }
        return new GemmPartition(m, n, mr, nr, 1, 1);
    }

    /// <summary>Block <paramref name="part"/>, row-major in the grid.</summary>
    public GemmBlock Block(int part)
    {
        var (row, rowEnd) = Range(M, MR, RowParts, part / ColumnParts);
        var (column, columnEnd) = Range(N, NR, ColumnParts, part % ColumnParts);
        return new GemmBlock(row, rowEnd - row, column, columnEnd - column);
    }

    /// <summary>Part <paramref name="index"/> of <paramref name="parts"/> near-equal runs of whole tiles covering <paramref name="total"/>.</summary>
    private static (int Start, int End) Range(int total, int tile, int parts, int index)
    {
        long tiles = (total + tile - 1) / tile;
        int start = (int)Math.Min(total, tiles * index / parts * tile);
        int end = (int)Math.Min(total, tiles * (index + 1) / parts * tile);
        return (start, end);
    }
}
