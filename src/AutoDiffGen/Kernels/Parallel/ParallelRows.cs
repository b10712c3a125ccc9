namespace AutoDiffGen.Kernels;

/// <summary>Work on rows that are independent of each other, run a range of rows at a time.</summary>
internal interface IRowRangeWork
{
    /// <summary>Rows <c>[start, end)</c>.</summary>
    void Run(int start, int end);
}

/// <summary>
/// Splits independent rows into contiguous ranges over the shared threads when the rows together are large enough to
/// repay waking them. Each row is computed whole by one thread, exactly as on one thread, so the bits do not change.
/// </summary>
internal static class ParallelRows
{
    /// <summary>Runs rows <c>[0, rows)</c> of <paramref name="work"/>, which touch about <paramref name="elements"/> elements in all.</summary>
    public static void Run<TWork>(TWork work, int rows, long elements)
        where TWork : IRowRangeWork, allows ref struct
    {
        var runner = ParallelRunner.Shared;
        if (runner.Degree == 1 || rows < 2 || elements < FusedLoop.ParallelThreshold)
        {
            work.Run(0, rows);
            return;
        }
        // A few ranges per thread, so that a worker that joins late only takes fewer of them.
        int parts = Math.Min(rows, 4 * runner.Degree);
        runner.Run(new Ranges<TWork>(work, rows, parts), parts);
    }

    private readonly ref struct Ranges<TWork> : IParallelWork
        where TWork : IRowRangeWork, allows ref struct
    {
        private readonly TWork _work;
        private readonly int _rows, _parts;

        public Ranges(TWork work, int rows, int parts)
        {
            _work = work;
            _rows = rows;
            _parts = parts;
        }

        public void Run(int part) => _work.Run((int)((long)_rows * part / _parts), (int)((long)_rows * (part + 1) / _parts));
    }
}
