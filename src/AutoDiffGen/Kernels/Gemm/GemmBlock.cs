namespace AutoDiffGen.Kernels;

/// <summary>A rectangle of C: <paramref name="Rows"/> rows from <paramref name="Row"/>, <paramref name="Columns"/> columns from <paramref name="Column"/>.</summary>
/// <param name="Row">First row.</param>
/// <param name="Rows">Number of rows.</param>
/// <param name="Column">First column.</param>
/// <param name="Columns">Number of columns.</param>
internal readonly record struct GemmBlock(int Row, int Rows, int Column, int Columns)
{
    /// <summary>One past the last row.</summary>
    public int RowEnd => Row + Rows;

    /// <summary>One past the last column.</summary>
    public int ColumnEnd => Column + Columns;
}
