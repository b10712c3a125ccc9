using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

public class GemmParallelTests
{
    // Odd and tile-aligned, direct and blocked, tall, wide and deep; all large enough to split while the workers are awake.
    private static readonly (int M, int N, int K)[] Shapes =
        [(300, 200, 100), (257, 515, 131), (520, 131, 1030), (64, 1024, 300), (1030, 33, 260), (384, 512, 256)];

    public static TheoryData<int, int, int, bool, bool, bool> Cases() => GemmCases.Of(Shapes);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatOnSeveralThreadsHasTheBitsOfOne(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        => CheckAgainstOneThread<float>(m, n, k, transposeA, transposeB, accumulate);

    [Theory]
    [MemberData(nameof(Cases))]
    public void DoubleOnSeveralThreadsHasTheBitsOfOne(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        => CheckAgainstOneThread<double>(m, n, k, transposeA, transposeB, accumulate);

    private static void CheckAgainstOneThread<T>(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b, c0) = Operands<T>(m, n, k, seed: 3);
        var expected = Multiply(a, b, c0, m, n, k, transposeA, transposeB, accumulate, runner: null);

        // One and three workers (a grid of two or four blocks) on the path Gemm.Run picks, and the public entry.
        foreach (int workers in new[] { 1, 3 })
        {
            using var runner = new ParallelRunner(workers);
            var c = (T[])c0.Clone();
            Split(runner, a, b, c, m, n, k, transposeA, transposeB, accumulate);
            AssertSameBits(expected, c, $"{workers} workers");
        }
        var shared = (T[])c0.Clone();
        Gemm.Multiply<T>(a, b, shared, m, n, k, transposeA, transposeB, accumulate);
        AssertSameBits(expected, shared, "public entry");
    }

    // Each kernel and both tiled paths, split on grids of several shapes, ragged blocks included.
    private static readonly (int Rows, int Columns)[] Grids = [(1, 2), (2, 1), (2, 2), (3, 1), (1, 3), (3, 2)];

    public static TheoryData<string, bool, int, int> GridCases()
    {
        var data = new TheoryData<string, bool, int, int>();
        foreach (string kernel in new[] { "512", "512wide", "256", "scalar" })
            foreach (bool direct in new[] { false, true })
                foreach (var (rows, columns) in Grids)
                    data.Add(kernel, direct, rows, columns);
        return data;
    }

    [Theory]
    [MemberData(nameof(GridCases))]
    public void EveryKernelPathAndGridHasTheBitsOfOneThread(string kernel, bool direct, int rowParts, int columnParts)
    {
        switch (kernel)
        {
            case "512": CheckGrid<GemmMicroKernel512<double>>(direct, rowParts, columnParts); break;
            case "512wide": CheckGrid<GemmMicroKernel512Wide<double>>(direct, rowParts, columnParts); break;
            case "256": CheckGrid<GemmMicroKernel256<double>>(direct, rowParts, columnParts); break;
            default: CheckGrid<GemmMicroKernelScalar<double>>(direct, rowParts, columnParts); break;
        }
    }

    private static void CheckGrid<TKernel>(bool direct, int rowParts, int columnParts)
        where TKernel : struct, IGemmMicroKernel<double>
    {
        using var runner = new ParallelRunner(2);
        foreach (var (m, n, k) in new[] { (53, 97, 41), (8 * TKernel.MR, 6 * TKernel.NR, 300), (3 * TKernel.MR + 1, 3 * TKernel.NR - 1, 7) })
        {
            foreach (bool transposeA in new[] { false, true })
            {
                foreach (bool transposeB in new[] { false, true })
                {
                    bool accumulate = transposeA != transposeB;
                    var (a, b, c0) = Operands<double>(m, n, k, seed: 11);
                    var expected = (double[])c0.Clone();
                    if (direct) GemmDirect.Run<double, TKernel>(a, b, expected.AsSpan(0, m * n), m, n, k, transposeA, transposeB, accumulate);
                    else GemmBlocking.Run<double, TKernel>(a, b, expected.AsSpan(0, m * n), m, n, k, transposeA, transposeB, accumulate, SmallBlocks<TKernel>());

                    var partition = new GemmPartition(m, n, TKernel.MR, TKernel.NR, rowParts, columnParts);
                    var c = (double[])c0.Clone();
                    runner.Run(new GemmParallel<double, TKernel>(a, b, c.AsSpan(0, m * n), m, n, k, transposeA, transposeB, accumulate, direct, partition),
                        partition.Parts);
                    AssertSameBits(expected, c, $"{m}x{n}x{k} {(transposeA ? "T" : "N")}{(transposeB ? "T" : "N")} on {rowParts}x{columnParts}");
                }
            }
        }
    }

    // GemmParallel runs the blocked path with the tuned sizes; the reference uses tiny ones, so that the two differ in
    // every loop level and still must agree.
    private static GemmBlockSizes SmallBlocks<TKernel>()
        where TKernel : struct, IGemmMicroKernel<double>
        => new(Kc: 5, Mc: 2 * TKernel.MR, Nc: 2 * TKernel.NR);

    [Theory]
    [InlineData(1, 2, 1, 1, 2, 32)]
    [InlineData(1000, 40, 8, 32, 2, 32)]
    [InlineData(16, 1000, 8, 32, 2, 32)]
    [InlineData(1024, 1024, 8, 32, 2, 32)]
    [InlineData(256, 784, 8, 32, 2, 32)]
    [InlineData(1000, 1000, 8, 32, 4, 32)]
    [InlineData(33, 65, 8, 32, 8, 1)]
    [InlineData(9, 33, 8, 32, 3, 1)]
    [InlineData(128, 128, 8, 32, 8, 1)]
    [InlineData(300, 200, 6, 16, 8, 1)]
    public void APartitionCoversCExactlyOnceOnWholeTiles(int m, int n, int mr, int nr, int parts, int packingCost)
    {
        var partition = GemmPartition.For(m, n, mr, nr, parts, packingCost);
        Assert.InRange(partition.Parts, 1, parts);
        var covered = new int[m * n];
        for (int part = 0; part < partition.Parts; part++)
        {
            GemmBlock block = partition.Block(part);
            Assert.True(block.Row % mr == 0 && block.Column % nr == 0, $"block {block} does not start on a tile");
            Assert.True(block.Rows > 0 && block.Columns > 0, $"block {block} is empty");
            for (int i = block.Row; i < block.RowEnd; i++)
                for (int j = block.Column; j < block.ColumnEnd; j++)
                    covered[i * n + j]++;
        }
        Assert.All(covered, count => Assert.Equal(1, count));
        Assert.Equal(partition, GemmPartition.For(m, n, mr, nr, parts, packingCost));
    }

    [Fact]
    public void SmallProductsAreNeverSplitLargeOnesAlways()
    {
        using var runner = new ParallelRunner(1);

        // No worker has started yet, so none is awake: only a product worth waking one for is split.
        Assert.False(runner.WorkersAwake);
        Assert.False(GemmParallel<float, GemmMicroKernel512<float>>.ShouldSplit(32, 30, 64, runner));
        Assert.False(GemmParallel<float, GemmMicroKernel512<float>>.ShouldSplit(128, 128, 128, runner));
        Assert.True(GemmParallel<float, GemmMicroKernel512<float>>.ShouldSplit(256, 512, 256, runner));
        Assert.True(GemmParallel<double, GemmMicroKernel512<double>>.ShouldSplit(256, 256, 256, runner));
        Assert.True(GemmParallel<float, GemmMicroKernel512<float>>.ShouldSplit(1024, 1024, 1024, runner));
    }

    [Fact]
    public void MidSizedProductsAreSplitWhileTheWorkersAreAwake()
    {
        using var runner = new ParallelRunner(1);
        var (a, b, c) = Operands<float>(256, 512, 256, seed: 6);

        // Right after a job the worker spins for a while; a loaded machine may keep it from running, so try a few times.
        bool split = false;
        for (int attempt = 0; attempt < 100 && !split; attempt++)
        {
            Split(runner, a, b, c, 256, 512, 256, false, false, false);
            split = GemmParallel<float, GemmMicroKernel512<float>>.ShouldSplit(128, 128, 128, runner);
        }
        Assert.True(split);
        Assert.False(GemmParallel<float, GemmMicroKernel512<float>>.ShouldSplit(32, 30, 64, runner));
    }

    [Fact]
    public void ConcurrentCallersGetCorrectResults()
    {
        // Several threads through the shared runner: one of them at a time gets the workers, the others run alone.
        const int M = 260, N = 300, K = 200;
        var (a, b, _) = Operands<float>(M, N, K, seed: 4);
        var expected = Multiply(a, b, new float[M * N], M, N, K, false, false, false, runner: null);
        var failures = new int[1];
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var c = new float[M * N];
            for (int round = 0; round < 30; round++)
            {
                Gemm.Multiply<float>(a, b, c, M, N, K);
                if (!c.AsSpan().SequenceEqual(expected)) Interlocked.Increment(ref failures[0]);
            }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) Assert.True(thread.Join(TimeSpan.FromMinutes(2)));
        Assert.Equal(0, failures[0]);
    }

    [Fact]
    public void SplitProductsStayCorrectWhileTheCollectorMovesTheirArrays()
    {
        // Workers reach the operands through the caller's frame, whose references the collector updates when it moves
        // the arrays. Each round copies the operands into fresh arrays, which start in the youngest generation, and a
        // second thread keeps collecting that generation, which moves its survivors, while products are split.
        const int M = 96, N = 100, K = 90;
        var (a0, b0, c0) = Operands<double>(M, N, K, seed: 8);
        var expected = new double[4][];
        for (int layout = 0; layout < 4; layout++)
            expected[layout] = Multiply(a0, b0, c0, M, N, K, layout % 2 == 1, layout / 2 == 1, layout == 3, runner: null);

        using var runner = new ParallelRunner(1);
        var stop = new ManualResetEventSlim();
        var collector = new Thread(() =>
        {
            while (!stop.IsSet)
            {
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);

                // Let the other threads run between collections: back to back, they would barely move.
                var pause = System.Diagnostics.Stopwatch.StartNew();
                while (pause.Elapsed.TotalMicroseconds < 20) Thread.SpinWait(10);
            }
        });
        collector.Start();
        int moved = 0;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int round = 0; clock.Elapsed < TimeSpan.FromSeconds(1); round++)
            {
                int layout = round % 4;
                double[] a = (double[])a0.Clone(), b = (double[])b0.Clone(), c = (double[])c0.Clone();
                int collections = GC.CollectionCount(0);
                Split(runner, a, b, c, M, N, K, layout % 2 == 1, layout / 2 == 1, layout == 3);
                if (GC.CollectionCount(0) != collections) moved++;
                AssertSameBits(expected[layout], c, $"round {round}");
            }
        }
        finally
        {
            stop.Set();
            collector.Join();
        }
        Assert.True(moved > 0, "no collection ran during a split product");
    }

    [Theory]
    [InlineData(600, 600, 600)]
    [InlineData(520, 131, 1030)]
    [InlineData(384, 512, 256)]
    public void SteadyStateSplitCallsDoNotAllocate(int m, int n, int k)
    {
        // A runner of its own, so that the product is split whatever other tests are running.
        using var runner = new ParallelRunner(1);
        Assert.True(GemmParallel<float, GemmMicroKernel512<float>>.ShouldSplit(m, n, k, runner));
        var (a, b, c) = Operands<float>(m, n, k, seed: 2);
        var (ad, bd, cd) = Operands<double>(m, n, k, seed: 2);
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                Dispatch<float>(a, b, c, m, n, k, transposeA, transposeB, false, runner);
                Dispatch<double>(ad, bd, cd, m, n, k, transposeA, transposeB, true, runner);

                // As in GemmTests: the runtime's tier-up bookkeeping may allocate once, a per-call allocation every round.
                var rounds = new long[5];
                for (int round = 0; round < rounds.Length; round++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    Dispatch<float>(a, b, c, m, n, k, transposeA, transposeB, false, runner);
                    Dispatch<double>(ad, bd, cd, m, n, k, transposeA, transposeB, true, runner);
                    rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
                }
                Assert.True(rounds.Min() == 0, $"allocated {string.Join(", ", rounds)} bytes in successive rounds");
            }
        }
    }

    /// <summary>The split path <see cref="Gemm.Run"/> takes for a large enough product, with the kernel and path it picks.</summary>
    private static void Split<T>(ParallelRunner runner, T[] a, T[] b, T[] c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> result = c.AsSpan(0, m * n);
        if (Vector512.IsHardwareAccelerated) Split<T, GemmMicroKernel512<T>>(runner, a, b, result, m, n, k, transposeA, transposeB, accumulate);
        else if (Vector256.IsHardwareAccelerated) Split<T, GemmMicroKernel256<T>>(runner, a, b, result, m, n, k, transposeA, transposeB, accumulate);
        else Split<T, GemmMicroKernelScalar<T>>(runner, a, b, result, m, n, k, transposeA, transposeB, accumulate);
    }

    private static void Split<T, TKernel>(ParallelRunner runner, T[] a, T[] b, Span<T> c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
        => GemmParallel<T, TKernel>.Run(runner, a, b, c, m, n, k, transposeA, transposeB, accumulate,
            GemmDirect.IsPreferred<T, TKernel>(m, n, k, transposeA, transposeB));

    /// <summary>c0 (with its sentinel tail) after <c>c (+)= op(a)·op(b)</c> on <paramref name="runner"/>, or on this thread alone.</summary>
    private static T[] Multiply<T>(T[] a, T[] b, T[] c0, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, ParallelRunner? runner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = (T[])c0.Clone();
        Dispatch(a, b, c, m, n, k, transposeA, transposeB, accumulate, runner);
        return c;
    }

    /// <summary>The kernel <see cref="Gemm.Multiply{T}"/> picks on this machine, on the given runner.</summary>
    private static void Dispatch<T>(T[] a, T[] b, T[] c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, ParallelRunner? runner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> result = c.AsSpan(0, m * n);
        if (Vector512.IsHardwareAccelerated)
            Gemm.Run<T, GemmMicroKernel512<T>, Simd512<T>>(a, b, result, m, n, k, transposeA, transposeB, accumulate, runner);
        else if (Vector256.IsHardwareAccelerated)
            Gemm.Run<T, GemmMicroKernel256<T>, Simd256<T>>(a, b, result, m, n, k, transposeA, transposeB, accumulate, runner);
        else
            Gemm.Run<T, GemmMicroKernelScalar<T>, SimdScalar<T>>(a, b, result, m, n, k, transposeA, transposeB, accumulate, runner);
    }

    private static void AssertSameBits<T>(T[] expected, T[] actual, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Bit for bit, so the sign of a zero counts too.
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!MemoryMarshal.AsBytes(expected.AsSpan(i, 1)).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan(i, 1))))
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]}");
        }
    }

    /// <summary>Random operands in storage layout (either transpose has the same length) and a random C with a sentinel tail.</summary>
    private static (T[] A, T[] B, T[] C) Operands<T>(int m, int n, int k, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed + 7919 * m + 104729 * n + 1299709 * k);
        var a = new T[m * k];
        var b = new T[k * n];
        var c = new T[m * n + 3];
        for (int i = 0; i < a.Length; i++) a[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        for (int i = 0; i < c.Length; i++) c[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        return (a, b, c);
    }
}
