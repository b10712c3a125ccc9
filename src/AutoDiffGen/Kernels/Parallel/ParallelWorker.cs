using System.Diagnostics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// One background thread of a <see cref="ParallelRunner"/>. After a job it spins for a short while, so back-to-back
/// jobs (the GEMMs of one training step) start without a wake-up, then blocks until the next job so that an idle
/// process does not keep a core busy.
/// </summary>
internal sealed class ParallelWorker
{
    // 250 µs: long enough to bridge the elementwise work between the products of a training step (1 ms measured no
    // better), short against the products worth a wake-up.
    private static readonly long SpinTicks = Stopwatch.Frequency / 4000;

    private readonly ParallelRunner _runner;
    private readonly SemaphoreSlim _signal = new(0);
    private int _sleeping;

    // The generation when the thread was created: taken on the creating thread, so that a job published before the
    // new thread first runs is still new to it.
    private readonly int _startGeneration;

    /// <summary>Starts the thread. It is a background thread: it never keeps the process alive.</summary>
    public ParallelWorker(ParallelRunner runner, int index)
    {
        _runner = runner;
        _startGeneration = runner.Generation;
        var thread = new Thread(Loop) { IsBackground = true, Name = $"AutoDiffGen worker {index}" };

        // The thread belongs to the runner, not to whichever caller happened to start it: no execution context.
        thread.UnsafeStart();
    }

    /// <summary>Whether the thread is blocked, or about to be, and would take a wake-up to join a job.</summary>
    public bool IsAsleep => Volatile.Read(ref _sleeping) != 0;

    /// <summary>Wakes the thread if it is blocked; called after a new generation is published.</summary>
    public void Wake()
    {
        if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0) _signal.Release();
    }

    private void Loop()
    {
        int seen = _startGeneration;
        long idleSince = Stopwatch.GetTimestamp();
        while (!_runner.IsStopping)
        {
            if (_runner.Generation != seen)
            {
                seen = _runner.Serve();
                idleSince = Stopwatch.GetTimestamp();
                continue;
            }
            if (Stopwatch.GetTimestamp() - idleSince < SpinTicks)
            {
                Thread.SpinWait(8);
                continue;
            }

            // Announce the sleep, then look once more: either the caller sees the flag and releases the semaphore,
            // or this thread sees the new generation (both sides use full fences).
            Interlocked.Exchange(ref _sleeping, 1);
            if (_runner.Generation != seen || _runner.IsStopping)
            {
                // A caller that already took the flag is about to release: consume that, so no stale wake-up is left.
                if (Interlocked.Exchange(ref _sleeping, 0) == 0) _signal.Wait();
                continue;
            }
            _signal.Wait();
            idleSince = Stopwatch.GetTimestamp();
        }
    }
}
