using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

public class ParallelRunnerTests
{
    // Long enough that a test fails rather than hangs, far beyond any wake-up on a loaded machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Counts how often each part ran.</summary>
    private readonly struct Counting(int[] counts) : IParallelWork
    {
        public void Run(int part) => Interlocked.Increment(ref counts[part]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 5)]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(1, 17)]
    [InlineData(3, 2)]
    [InlineData(3, 1000)]
    public void EveryPartRunsExactlyOnce(int workers, int parts)
    {
        using var runner = new ParallelRunner(workers);
        for (int round = 0; round < 50; round++)
        {
            var counts = new int[parts];
            runner.Run(new Counting(counts), parts);
            Assert.All(counts, count => Assert.Equal(1, count));
        }
    }

    /// <summary>
    /// Part 0 waits until part 1 has started, which only another thread can do while this one is held in part 0: the
    /// two parts provably run at the same time on different threads. Part 1 records what thread it ran on.
    /// </summary>
    private sealed class Rendezvous
    {
        public readonly ManualResetEventSlim SecondStarted = new();
        public int FirstThread, SecondThread;
        public bool FirstWasBackground, SecondWasBackground;
        public int Running;
        public int FailingPart = -1;
    }

    private readonly struct Meeting(Rendezvous state) : IParallelWork
    {
        public void Run(int part)
        {
            Interlocked.Increment(ref state.Running);
            try
            {
                if (part == 0)
                {
                    state.FirstThread = Environment.CurrentManagedThreadId;
                    state.FirstWasBackground = Thread.CurrentThread.IsBackground;
                    if (!state.SecondStarted.Wait(Patience)) throw new TimeoutException("no second thread took part 1");
                }
                else if (part == 1)
                {
                    state.SecondThread = Environment.CurrentManagedThreadId;
                    state.SecondWasBackground = Thread.CurrentThread.IsBackground;
                    state.SecondStarted.Set();
                }

                // Still running when another part fails: the caller must wait for this before it returns.
                if (part == 1 && state.FailingPart == 0) Thread.Sleep(50);
                if (part == state.FailingPart) throw new InvalidOperationException($"part {part} failed");
            }
            finally
            {
                Interlocked.Decrement(ref state.Running);
            }
        }
    }

    [Fact]
    public void PartsRunAtTheSameTimeOnABackgroundWorker()
    {
        using var runner = new ParallelRunner(1);
        int caller = Environment.CurrentManagedThreadId;
        for (int round = 0; round < 20; round++)
        {
            var state = new Rendezvous();
            runner.Run(new Meeting(state), 2);
            Assert.NotEqual(state.FirstThread, state.SecondThread);
            Assert.Contains(caller, new[] { state.FirstThread, state.SecondThread });

            // A worker must never keep the process alive.
            Assert.True(state.FirstThread == caller ? state.SecondWasBackground : state.FirstWasBackground);

            // Between rounds the worker may be spinning or asleep: both must wake for the next job.
            if (round % 4 == 3) Thread.Sleep(20);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void AnExceptionInAPartSurfacesToTheCaller(int failingPart)
    {
        using var runner = new ParallelRunner(1);
        for (int round = 0; round < 5; round++)
        {
            var state = new Rendezvous { FailingPart = failingPart };
            var e = Assert.Throws<InvalidOperationException>(() => runner.Run(new Meeting(state), 8));
            Assert.Equal($"part {failingPart} failed", e.Message);

            // No part may still be running once the caller is back: the work lives in the caller's frame.
            Assert.Equal(0, Volatile.Read(ref state.Running));
        }

        // The runner is still usable, on both threads.
        var next = new Rendezvous();
        runner.Run(new Meeting(next), 2);
        Assert.NotEqual(next.FirstThread, next.SecondThread);
    }

    /// <summary>Each part runs the whole inner work through the same runner.</summary>
    private readonly struct Nested(ParallelRunner runner, int[] counts) : IParallelWork
    {
        public void Run(int part) => runner.Run(new Counting(counts), counts.Length);
    }

    [Fact]
    public void ANestedCallRunsOnItsOwnThread()
    {
        using var runner = new ParallelRunner(1);
        var counts = new int[10];
        runner.Run(new Nested(runner, counts), 4);
        Assert.All(counts, count => Assert.Equal(4, count));
    }

    [Fact]
    public void ConcurrentCallersAllComplete()
    {
        using var runner = new ParallelRunner(2);
        var failures = new int[1];
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            for (int round = 0; round < 500; round++)
            {
                int parts = 1 + (t * 7 + round) % 9;
                var counts = new int[parts];
                runner.Run(new Counting(counts), parts);
                if (counts.Any(count => count != 1)) Interlocked.Increment(ref failures[0]);
            }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) Assert.True(thread.Join(Patience));
        Assert.Equal(0, failures[0]);
    }

    [Fact]
    public void AnIdleWorkerStopsSpinningAndStillWakesForTheNextJob()
    {
        using var runner = new ParallelRunner(1);
        Assert.False(runner.WorkersAwake);
        runner.Run(new Counting(new int[2]), 2);

        // It spins for well under a millisecond after a job, then blocks instead of keeping a core busy.
        var idle = System.Diagnostics.Stopwatch.StartNew();
        while (runner.WorkersAwake && idle.Elapsed < Patience) Thread.Sleep(1);
        Assert.False(runner.WorkersAwake);

        var state = new Rendezvous();
        runner.Run(new Meeting(state), 2);
        Assert.NotEqual(state.FirstThread, state.SecondThread);
    }

    [Fact]
    public void RunsAfterDisposeStayOnTheCaller()
    {
        var runner = new ParallelRunner(1);
        runner.Run(new Counting(new int[4]), 4);
        runner.Dispose();
        var counts = new int[6];
        runner.Run(new Counting(counts), 6);
        Assert.All(counts, count => Assert.Equal(1, count));
    }

    /// <summary>Sums its parts into one slot each: no allocation anywhere.</summary>
    private readonly struct Summing(long[] sums) : IParallelWork
    {
        public void Run(int part)
        {
            long sum = 0;
            for (int i = 0; i < 10_000; i++) sum += i ^ part;
            sums[part] = sum;
        }
    }

    [Fact]
    public void SteadyStateCallsDoNotAllocate()
    {
        using var runner = new ParallelRunner(1);
        var sums = new long[8];
        runner.Run(new Summing(sums), sums.Length);
        var rounds = new long[10];
        for (int round = 0; round < rounds.Length; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int call = 0; call < 100; call++) runner.Run(new Summing(sums), sums.Length);
            rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(rounds.Min() == 0, $"allocated {string.Join(", ", rounds)} bytes in successive rounds");
    }
}
