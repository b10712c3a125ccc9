using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

public class GemmTests
{
    // Shapes (m, n, k): empty and single dimensions, sizes around the 8 × 32 (AVX-512), 6 × 16 (AVX2) and 4 × 4
    // (scalar) tiles, around KC = 256 and MC = 256 / 128, matrix–vector shapes, a large odd one, and one large
    // enough for the blocked path with several blocks along every dimension.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (0, 0, 0), (0, 5, 3), (5, 0, 3), (5, 3, 0), (0, 0, 4),
        (1, 1, 1), (1, 1, 7), (1, 17, 1), (17, 1, 1), (1, 1, 100),
        (2, 2, 2), (7, 7, 7), (15, 15, 15), (16, 16, 16), (17, 17, 17), (31, 31, 31), (33, 33, 33),
        (64, 64, 64), (65, 65, 65),
        (7, 33, 15), (33, 7, 17), (2, 65, 31), (65, 2, 16), (6, 16, 5), (8, 32, 9), (9, 33, 10), (5, 15, 3),
        (1, 100, 37), (1, 513, 70), (100, 1, 37), (513, 1, 70), (1, 1000, 3), (3, 1000, 1),
        (37, 100, 1), (64, 64, 1), (2, 3, 1),
        (8, 32, 256), (9, 33, 257), (31, 47, 255), (257, 65, 130), (129, 255, 40), (255, 31, 513),
        (257, 131, 300), (520, 131, 1030),
    ];

    public static TheoryData<int, int, int, bool, bool, bool> Cases() => GemmCases.Of(Shapes);

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatMatchesReference(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        => CheckAgainstReference<float>(m, n, k, transposeA, transposeB, accumulate, Public);

    [Theory]
    [MemberData(nameof(Cases))]
    public void DoubleMatchesReference(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        => CheckAgainstReference<double>(m, n, k, transposeA, transposeB, accumulate, Public);

    // Each micro-kernel and path, whatever this machine would dispatch to. The blocked path runs with tiny block
    // sizes so that every loop level (jc, pc, ic, jr, ir) takes several trips, ragged last blocks included.
    private static readonly (int M, int N, int K)[] PathShapes =
        [(1, 1, 1), (2, 3, 4), (4, 4, 4), (6, 16, 7), (7, 17, 5), (8, 32, 11), (9, 33, 12), (13, 70, 29), (50, 41, 23), (66, 97, 70)];

    private static readonly string[] Kernels = ["512", "512wide", "256", "scalar"];

    public static TheoryData<string, string, int, int, int, bool, bool, bool> PathCases()
    {
        var data = new TheoryData<string, string, int, int, int, bool, bool, bool>();
        foreach (string kernel in Kernels)
            foreach (string path in new[] { "blocked", "direct" })
                foreach (var (m, n, k) in PathShapes)
                    foreach (bool transposeA in new[] { false, true })
                        foreach (bool transposeB in new[] { false, true })
                            data.Add(kernel, path, m, n, k, transposeA, transposeB, (m + n + k) % 2 == 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(PathCases))]
    public void EveryKernelAndPathMatchesReference(string kernel, string path, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        CheckAgainstReference<float>(m, n, k, transposeA, transposeB, accumulate, Tiled<float>(kernel, path));
        CheckAgainstReference<double>(m, n, k, transposeA, transposeB, accumulate, Tiled<double>(kernel, path));
    }

    private static readonly string[] Widths = ["512", "256", "128", "scalar"];

    private static readonly (int M, int N, int K)[] VectorShapes =
        [(1, 1, 1), (1, 1, 70), (1, 5, 3), (1, 16, 16), (1, 97, 33), (1, 300, 9), (5, 1, 3), (16, 1, 16), (97, 1, 33), (300, 1, 9)];

    public static TheoryData<string, int, int, int, bool, bool, bool> VectorCases()
    {
        var data = new TheoryData<string, int, int, int, bool, bool, bool>();
        foreach (string width in Widths)
            foreach (var (m, n, k) in VectorShapes)
                foreach (bool transposeA in new[] { false, true })
                    foreach (bool transposeB in new[] { false, true })
                        foreach (bool accumulate in new[] { false, true })
                            data.Add(width, m, n, k, transposeA, transposeB, accumulate);
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorCases))]
    public void EveryMatrixVectorWidthMatchesReference(string width, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
    {
        CheckAgainstReference<float>(m, n, k, transposeA, transposeB, accumulate, MatrixVector<float>(width));
        CheckAgainstReference<double>(m, n, k, transposeA, transposeB, accumulate, MatrixVector<double>(width));
    }

    [Theory]
    [InlineData(17, 45, 300, false, false)]
    [InlineData(40, 33, 70, true, false)]
    [InlineData(29, 70, 65, false, true)]
    [InlineData(65, 31, 45, true, true)]
    public void EveryTiledKernelAndPathGivesTheSameBits(int m, int n, int k, bool transposeA, bool transposeB)
    {
        // Each element is one fused multiply-add chain in increasing k whatever the tile, block or path.
        foreach (bool accumulate in new[] { false, true })
        {
            var (a, b, c0) = Operands<double>(m, n, k, transposeA, transposeB, seed: 5);
            double[]? first = null;
            foreach (string kernel in Kernels)
            {
                foreach (string path in new[] { "blocked", "direct" })
                {
                    var c = (double[])c0.Clone();
                    Tiled<double>(kernel, path)(a, b, c, m, n, k, transposeA, transposeB, accumulate);
                    if (first is null) first = c;
                    else Assert.True(first.AsSpan().SequenceEqual(c), $"{kernel} {path} differs from the first kernel");
                }
            }
        }
    }

    [Theory]
    [InlineData(520, 520, 300)]
    [InlineData(1030, 70, 260)]
    [InlineData(32, 30, 64)]
    [InlineData(1, 500, 300)]
    [InlineData(500, 1, 300)]
    // Split over the cores, however many threads take part in each call.
    [InlineData(1024, 1024, 1024)]
    [InlineData(256, 784, 512)]
    [InlineData(257, 515, 131)]
    public void RepeatedCallsGiveIdenticalBits(int m, int n, int k)
    {
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                var (a, b, _) = Operands<float>(m, n, k, transposeA, transposeB, seed: 9);
                var first = new float[m * n];
                Gemm.Multiply<float>(a, b, first, m, n, k, transposeA, transposeB);
                for (int call = 0; call < 3; call++)
                {
                    var again = new float[m * n];
                    Gemm.Multiply<float>(a, b, again, m, n, k, transposeA, transposeB);
                    Assert.True(first.AsSpan().SequenceEqual(again), $"call {call}");
                }
            }
        }
    }

    [Theory]
    [InlineData(600, 600, 600)]
    [InlineData(257, 131, 300)]
    [InlineData(32, 30, 64)]
    [InlineData(1, 300, 200)]
    [InlineData(300, 1, 200)]
    public void SteadyStateCallsDoNotAllocate(int m, int n, int k)
    {
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        var ad = new double[m * k];
        var bd = new double[k * n];
        var cd = new double[m * n];
        foreach (bool transposeA in new[] { false, true })
        {
            foreach (bool transposeB in new[] { false, true })
            {
                Gemm.Multiply<float>(a, b, c, m, n, k, transposeA, transposeB);
                Gemm.Multiply<double>(ad, bd, cd, m, n, k, transposeA, transposeB, accumulate: true);

                // The runtime's own tier-up bookkeeping can allocate once on whichever thread crosses a call-count
                // threshold, at a moment that depends on timing; a per-call allocation would show in every round.
                var rounds = new long[5];
                for (int round = 0; round < rounds.Length; round++)
                {
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    Gemm.Multiply<float>(a, b, c, m, n, k, transposeA, transposeB);
                    Gemm.Multiply<double>(ad, bd, cd, m, n, k, transposeA, transposeB, accumulate: true);
                    rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
                }
                Assert.True(rounds.Min() == 0, $"allocated {string.Join(", ", rounds)} bytes in successive rounds");
            }
        }
    }

    [Fact]
    public void ZeroDepthClearsOrKeepsC()
    {
        var c = new float[] { 1, 2, 3, 4, 5, 6, 7 };
        Gemm.Multiply<float>([], [], c, 2, 3, 0, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7 }, c);
        Gemm.Multiply<float>([], [], c, 2, 3, 0);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 7 }, c);
    }

    [Fact]
    public void NegativeSizesAreRejected()
    {
        var x = new float[16];
        Assert.Contains("must not be negative", Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(x, x, new float[4], -1, 2, 2)).Message);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(x, x, new float[4], 2, -1, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(x, x, new float[4], 2, 2, -1));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void ShortSpansAreRejected(bool transposeA, bool transposeB)
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<double>(new double[5], new double[12], new double[8], 2, 4, 3, transposeA, transposeB));
        Assert.Equal("a", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<double>(new double[6], new double[11], new double[8], 2, 4, 3, transposeA, transposeB));
        Assert.Equal("b", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<double>(new double[6], new double[12], new double[7], 2, 4, 3, transposeA, transposeB));
        Assert.Equal("c", e.ParamName);
    }

    [Fact]
    public void OverlappingOutputIsRejected()
    {
        var buffer = new float[40];
        var e = Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(buffer.AsSpan(0, 6), buffer.AsSpan(10, 12), buffer.AsSpan(4, 8), 2, 4, 3));
        Assert.Equal("c", e.ParamName);
        Assert.Throws<ArgumentException>(() => Gemm.Multiply<float>(buffer.AsSpan(0, 6), buffer.AsSpan(10, 12), buffer.AsSpan(21, 8), 2, 4, 3));

        // Only the elements actually read and written count: these spans are longer than needed and touch.
        Gemm.Multiply<float>(buffer.AsSpan(0, 10), buffer.AsSpan(6, 16), buffer.AsSpan(18, 20), 2, 4, 3);
    }

    [Fact]
    public void OtherElementTypesAreNotSupported()
        => Assert.Throws<NotSupportedException>(() => Gemm.Multiply<Half>(new Half[4], new Half[4], new Half[4], 2, 2, 1));

    private delegate void Multiplier<T>(T[] a, T[] b, T[] c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate);

    private static void Public<T>(T[] a, T[] b, T[] c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Gemm.Multiply<T>(a, b, c, m, n, k, transposeA, transposeB, accumulate);

    private static Multiplier<T> Tiled<T>(string kernel, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
        => (kernel, path) switch
        {
            ("512", "blocked") => Blocked<T, GemmMicroKernel512<T>>,
            ("512wide", "blocked") => Blocked<T, GemmMicroKernel512Wide<T>>,
            ("256", "blocked") => Blocked<T, GemmMicroKernel256<T>>,
            ("scalar", "blocked") => Blocked<T, GemmMicroKernelScalar<T>>,
            ("512", "direct") => Direct<T, GemmMicroKernel512<T>>,
            ("512wide", "direct") => Direct<T, GemmMicroKernel512Wide<T>>,
            ("256", "direct") => Direct<T, GemmMicroKernel256<T>>,
            ("scalar", "direct") => Direct<T, GemmMicroKernelScalar<T>>,
            _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
        };

    private static void Blocked<T, TKernel>(T[] a, T[] b, T[] c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        if (m == 0 || n == 0 || k == 0) return;
        var sizes = new GemmBlockSizes(Kc: 5, Mc: 2 * TKernel.MR, Nc: 2 * TKernel.NR);
        GemmBlocking.Run<T, TKernel>(a, b, c, m, n, k, transposeA, transposeB, accumulate, sizes);
    }

    private static void Direct<T, TKernel>(T[] a, T[] b, T[] c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
    {
        if (m == 0 || n == 0 || k == 0) return;
        GemmDirect.Run<T, TKernel>(a, b, c, m, n, k, transposeA, transposeB, accumulate);
    }

    private static Multiplier<T> MatrixVector<T>(string width)
        where T : unmanaged, IFloatingPointIeee754<T>
        => width switch
        {
            "512" => Dispatched<T, GemmMicroKernel512<T>, Simd512<T>>,
            "256" => Dispatched<T, GemmMicroKernel256<T>, Simd256<T>>,
            "128" => Dispatched<T, GemmMicroKernelScalar<T>, Simd128<T>>,
            "scalar" => Dispatched<T, GemmMicroKernelScalar<T>, SimdScalar<T>>,
            _ => throw new ArgumentOutOfRangeException(nameof(width)),
        };

    private static void Dispatched<T, TKernel, TSimd>(T[] a, T[] b, T[] c, int m, int n, int k, bool transposeA, bool transposeB, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TKernel : struct, IGemmMicroKernel<T>
        where TSimd : struct, ISimd<TSimd, T>
        => Gemm.Run<T, TKernel, TSimd>(a, b, c.AsSpan(0, m * n), m, n, k, transposeA, transposeB, accumulate);

    /// <summary>Random operands in storage layout and a random initial C, with a sentinel tail past m·n.</summary>
    private static (T[] A, T[] B, T[] C) Operands<T>(int m, int n, int k, bool transposeA, bool transposeB, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed + 7919 * m + 104729 * n + 1299709 * k + (transposeA ? 3 : 0) + (transposeB ? 5 : 0));
        var a = new T[m * k];
        var b = new T[k * n];
        var c = new T[m * n + 3];
        for (int i = 0; i < a.Length; i++) a[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        for (int i = 0; i < b.Length; i++) b[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        for (int i = 0; i < c.Length; i++) c[i] = T.CreateTruncating(random.NextDouble() * 2 - 1);
        return (a, b, c);
    }

    private static void CheckAgainstReference<T>(int m, int n, int k, bool transposeA, bool transposeB, bool accumulate, Multiplier<T> multiply)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (a, b, c) = Operands<T>(m, n, k, transposeA, transposeB, seed: 1);

        // Without accumulate C must be overwritten, never read: start it as NaN to prove that.
        if (!accumulate) c.AsSpan(0, m * n).Fill(T.NaN);
        var initial = (T[])c.Clone();

        multiply(a, b, c, m, n, k, transposeA, transposeB, accumulate);

        double tolerance = typeof(T) == typeof(float) ? 1e-5 * Math.Sqrt(Math.Max(k, 1)) : 1e-12;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                // The exact product in double, and the sum of magnitudes that bounds its rounding error.
                double sum = accumulate ? double.CreateTruncating(initial[i * n + j]) : 0;
                double magnitude = Math.Abs(sum);
                for (int p = 0; p < k; p++)
                {
                    double term = double.CreateTruncating(transposeA ? a[p * m + i] : a[i * k + p])
                        * double.CreateTruncating(transposeB ? b[j * k + p] : b[p * n + j]);
                    sum += term;
                    magnitude += Math.Abs(term);
                }
                double actual = double.CreateTruncating(c[i * n + j]);
                Assert.True(Math.Abs(actual - sum) <= tolerance * magnitude,
                    $"c[{i}, {j}] = {actual}, expected {sum} (m = {m}, n = {n}, k = {k}, {(transposeA ? "T" : "N")}{(transposeB ? "T" : "N")}, accumulate = {accumulate})");
            }
        }
        for (int i = m * n; i < c.Length; i++) Assert.Equal(initial[i], c[i]);
    }
}
