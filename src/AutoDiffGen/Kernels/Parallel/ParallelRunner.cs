using System.Runtime.ExceptionServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Runs the parts of an <see cref="IParallelWork"/> on the calling thread and a few persistent background threads. A
/// call allocates nothing: the work stays in the caller's frame and the workers reach it through a preallocated
/// <see cref="ParallelJob"/>. Parts are claimed from a shared counter, so a worker that wakes late just takes fewer of
/// them, and the caller runs all of them when no worker comes.
/// </summary>
/// <remarks>
/// One job runs at a time. A call made while another is running (from another thread, or from inside a part) runs all
/// its parts itself, so callers never wait for each other and nesting cannot deadlock. The first exception a part
/// throws is rethrown to the caller once every thread has left the job; parts not yet started are skipped.
/// </remarks>
internal sealed class ParallelRunner : IDisposable
{
    // _state: the Open bit while the caller hands out parts, plus the number of workers inside the job.
    private const int Open = 1 << 30;

    private readonly int _workerCount;
    private ParallelWorker[] _workers = [];
    private int _busy;
    private int _state;
    private int _generation;
    private bool _started;
    private bool _stopping;

    // The current job, written by the caller before it opens the job and read by workers once they are inside it.
    private ParallelJob? _job;
    private nint _work;
    private int _parts;
    private int _nextPart;
    private Exception? _error;

    /// <summary>A runner with <paramref name="workerCount"/> background threads, started on first use.</summary>
    public ParallelRunner(int workerCount) => _workerCount = Math.Max(0, workerCount);

    /// <summary>The process-wide runner: one thread per core besides the caller's.</summary>
    public static ParallelRunner Shared { get; } = new(Environment.ProcessorCount - 1);

    /// <summary>Threads a job can run on: the caller and the workers.</summary>
    public int Degree => _workerCount + 1;

    /// <summary>
    /// Whether every worker is running or spinning after a recent job, so that a job starts on all threads at once.
    /// Waking a blocked thread costs the caller several microseconds and the thread tens more before it joins (more
    /// still in a virtual machine), which a small job does not repay.
    /// </summary>
    public bool WorkersAwake
    {
        get
        {
            ParallelWorker[] workers = Volatile.Read(ref _workers);
            foreach (ParallelWorker worker in workers)
            {
                if (worker.IsAsleep) return false;
            }
            return workers.Length > 0;
        }
    }

    internal bool IsStopping => Volatile.Read(ref _stopping);

    internal int Generation => Volatile.Read(ref _generation);

    /// <summary>Runs parts <c>0 .. parts</c> of <paramref name="work"/> and returns when all have finished.</summary>
    /// <remarks><paramref name="work"/> is taken by value so that it sits in this frame, where workers can reach it.</remarks>
    public void Run<TWork>(TWork work, int parts)
        where TWork : IParallelWork, allows ref struct
    {
        if (parts <= 1 || _workerCount == 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++) work.Run(part);
            return;
        }

        try
        {
            if (!_started) StartWorkers();
            _job = ParallelJob<TWork>.Instance;
            _work = ParallelJob.AddressOf(ref work);
            _parts = parts;
            _nextPart = 0;
            _error = null;

            // Open before the new generation: a worker that sees the generation change finds the job open (or over).
            Interlocked.Exchange(ref _state, Open);
            Interlocked.Increment(ref _generation);
            try
            {
                foreach (ParallelWorker worker in _workers) worker.Wake();
                for (int part; (part = Interlocked.Increment(ref _nextPart) - 1) < parts;) work.Run(part);
            }
            catch (Exception e)
            {
                Fail(e);
            }
            finally
            {
                // No worker may enter once the job is closed; those inside finish their last part. This frame, which
                // they read the work from, must outlive them, whatever happened.
                Interlocked.Add(ref _state, -Open);
                WaitUntilZero(ref _state);
            }

            _job = null;
            _work = 0;
            if (_error is { } error)
            {
                _error = null;
                ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Called by a worker that saw the generation change: joins the job if it is still open and runs parts until
    /// none are left. Returns the generation it saw.
    /// </summary>
    internal int Serve()
    {
        int generation = Generation;
        int state = Volatile.Read(ref _state);
        while ((state & Open) != 0)
        {
            int seen = Interlocked.CompareExchange(ref _state, state + 1, state);
            if (seen == state)
            {
                try
                {
                    ParallelJob job = _job!;
                    nint work = _work;
                    int parts = _parts;
                    for (int part; (part = Interlocked.Increment(ref _nextPart) - 1) < parts;) job.Run(work, part);
                }
                catch (Exception e)
                {
                    Fail(e);
                }
                finally
                {
                    Interlocked.Decrement(ref _state);
                }
                break;
            }
            state = seen;
        }
        return generation;
    }

    /// <summary>Records the first failure and hands out no more parts.</summary>
    private void Fail(Exception e)
    {
        Interlocked.CompareExchange(ref _error, e, null);
        Interlocked.Exchange(ref _nextPart, _parts);
    }

    /// <summary>
    /// Spins, then yields, until <paramref name="value"/> is zero. Neither can be interrupted, unlike a sleep or a
    /// blocking wait: the caller must not leave while a worker may still read the work from its frame.
    /// </summary>
    private static void WaitUntilZero(ref int value)
    {
        for (int spins = 0; Volatile.Read(ref value) != 0; spins++)
        {
            if (spins < 64) Thread.SpinWait(16);
            else Thread.Yield();
        }
    }

    /// <summary>Starts the workers, once. A thread that cannot be created only leaves the jobs fewer threads.</summary>
    private void StartWorkers()
    {
        _started = true;
        var workers = new List<ParallelWorker>(_workerCount);
        try
        {
            for (int i = 0; i < _workerCount; i++) workers.Add(new ParallelWorker(this, i));
        }
        catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
        {
            // Run with the threads that did start, or on the caller alone.
        }
        Volatile.Write(ref _workers, workers.ToArray());
    }

    /// <summary>Stops the workers once no job is running; later calls run on the caller alone.</summary>
    public void Dispose()
    {
        // Holding _busy for good sends every later call down the single-threaded path.
        while (Interlocked.CompareExchange(ref _busy, 1, 0) != 0) Thread.Yield();
        Volatile.Write(ref _stopping, true);
        Interlocked.Increment(ref _generation);
        foreach (ParallelWorker worker in _workers) worker.Wake();
    }
}
