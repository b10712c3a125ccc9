using AutoDiffGen.Kernels;
using CsCheck;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

/// <summary>
/// The fused attention kernels against a reference that keeps the whole [queries, keys] weight matrix, in double:
/// sizes across the 64-row blocks, more and fewer keys than queries, with and without the causal mask.
/// </summary>
public class AttentionKernelTests
{
    // batch, queries, keys, depth, valueDepth, causal
    public static TheoryData<int, int, int, int, int, bool> Cases()
    {
        var data = new TheoryData<int, int, int, int, int, bool>();
        foreach (bool causal in new[] { false, true })
        {
            data.Add(1, 1, 1, 1, 1, causal);
            data.Add(2, 5, 5, 3, 2, causal);
            data.Add(3, 64, 64, 4, 4, causal);
            data.Add(2, 130, 130, 5, 3, causal);
            data.Add(1, 130, 70, 3, 6, causal);
            data.Add(2, 7, 150, 8, 1, causal);
        }
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void ForwardAndBackwardMatchTheWholeMatrixReference(int batch, int queries, int keys, int depth, int valueDepth, bool causal)
    {
        double scale = 1 / Math.Sqrt(depth) * 1.7;
        double[] q = Uniform(1, batch * queries * depth), k = Uniform(2, batch * keys * depth), v = Uniform(3, batch * keys * valueDepth);
        double[] dO = Uniform(4, batch * queries * valueDepth);
        var reference = Reference(q, k, v, dO, batch, queries, keys, depth, valueDepth, scale, causal);

        var output = new double[batch * queries * valueDepth];
        var logSumExp = new double[batch * queries];
        AttentionKernel.Forward<double>(q, k, v, output, logSumExp, batch, queries, keys, depth, valueDepth, scale, causal);
        AssertClose(reference.Output, output, "output");
        AssertClose(reference.LogSumExp, logSumExp, "log Σ exp");

        var dq = new double[q.Length];
        var dk = Enumerable.Repeat(double.NaN, k.Length).ToArray();
        var dv = Enumerable.Repeat(double.NaN, v.Length).ToArray();
        AttentionKernel.Backward<double>(q, k, v, logSumExp, dO, dq, dk, dv, batch, queries, keys, depth, valueDepth, scale, causal);
        AssertClose(reference.Dq, dq, "dq");
        AssertClose(reference.Dk, dk, "dk");
        AssertClose(reference.Dv, dv, "dv");

        // Asked for dq alone, it gives the same dq.
        var alone = new double[q.Length];
        AttentionKernel.Backward<double>(q, k, v, logSumExp, dO, alone, default, default, batch, queries, keys, depth, valueDepth, scale, causal);
        Assert.Equal(dq, alone);
    }

    [Fact]
    public void RandomSizesMatchTheWholeMatrixReference()
    {
        // Sizes nobody picked: queries and keys across the block seam, more or fewer keys, any depths, either mask.
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 140], Gen.Int[1, 140], Gen.Int[1, 9], Gen.Int[1, 5], Gen.Bool, Gen.Int[0, 1000],
            (batch, queries, keys, depth, valueDepth, causal, seed) => (batch, queries, keys, depth, valueDepth, causal, seed)).Sample(c =>
        {
            double scale = 0.3 + c.seed % 7 * 0.2;
            double[] q = Uniform(c.seed, c.batch * c.queries * c.depth), k = Uniform(c.seed + 1, c.batch * c.keys * c.depth);
            double[] v = Uniform(c.seed + 2, c.batch * c.keys * c.valueDepth), dO = Uniform(c.seed + 3, c.batch * c.queries * c.valueDepth);
            var reference = Reference(q, k, v, dO, c.batch, c.queries, c.keys, c.depth, c.valueDepth, scale, c.causal);
            var (output, lse) = (new double[dO.Length], new double[c.batch * c.queries]);
            var (dq, dk, dv) = (new double[q.Length], new double[k.Length], new double[v.Length]);
            AttentionKernel.Forward<double>(q, k, v, output, lse, c.batch, c.queries, c.keys, c.depth, c.valueDepth, scale, c.causal);
            AttentionKernel.Backward<double>(q, k, v, lse, dO, dq, dk, dv, c.batch, c.queries, c.keys, c.depth, c.valueDepth, scale, c.causal);
            AssertClose(reference.Output, output, "output");
            AssertClose(reference.Dq, dq, "dq");
            AssertClose(reference.Dk, dk, "dk");
            AssertClose(reference.Dv, dv, "dv");
        }, iter: 60, threads: 1, print: c => $"{c}");
    }

    [Fact]
    public void ABatchGivesTheBitsOfItsProblemsOneByOne()
    {
        // A batch this size is split over the threads; one problem at a time runs on the caller alone.
        const int batch = 8, queries = 96, keys = 96, depth = 16, valueDepth = 16;
        float[] q = To<float>(Uniform(8, batch * queries * depth)), k = To<float>(Uniform(9, batch * keys * depth));
        float[] v = To<float>(Uniform(10, batch * keys * valueDepth)), dO = To<float>(Uniform(11, batch * queries * valueDepth));
        var (output, lse, dq, dk, dv) = (new float[batch * queries * valueDepth], new float[batch * queries], new float[q.Length], new float[k.Length], new float[v.Length]);
        AttentionKernel.Forward<float>(q, k, v, output, lse, batch, queries, keys, depth, valueDepth, 0.25f, causal: true);
        AttentionKernel.Backward<float>(q, k, v, lse, dO, dq, dk, dv, batch, queries, keys, depth, valueDepth, 0.25f, causal: true);

        for (int b = 0; b < batch; b++)
        {
            int qs = queries * depth, ks = keys * depth, vs = keys * valueDepth, os = queries * valueDepth;
            var (o1, l1, dq1, dk1, dv1) = (new float[os], new float[queries], new float[qs], new float[ks], new float[vs]);
            AttentionKernel.Forward<float>(q.AsSpan(b * qs, qs), k.AsSpan(b * ks, ks), v.AsSpan(b * vs, vs), o1, l1, 1, queries, keys, depth, valueDepth, 0.25f, true);
            AttentionKernel.Backward<float>(q.AsSpan(b * qs, qs), k.AsSpan(b * ks, ks), v.AsSpan(b * vs, vs), l1, dO.AsSpan(b * os, os), dq1, dk1, dv1,
                1, queries, keys, depth, valueDepth, 0.25f, true);
            Assert.Equal(output.AsSpan(b * os, os).ToArray(), o1);
            Assert.Equal(lse.AsSpan(b * queries, queries).ToArray(), l1);
            Assert.Equal(dq.AsSpan(b * qs, qs).ToArray(), dq1);
            Assert.Equal(dk.AsSpan(b * ks, ks).ToArray(), dk1);
            Assert.Equal(dv.AsSpan(b * vs, vs).ToArray(), dv1);
        }
    }

    [Fact]
    public void FloatAgreesWithDouble()
    {
        const int batch = 2, queries = 100, keys = 100, depth = 16, valueDepth = 16;
        double[] q = Uniform(5, batch * queries * depth), k = Uniform(6, batch * keys * depth), v = Uniform(7, batch * keys * valueDepth);
        var expected = new double[batch * queries * valueDepth];
        AttentionKernel.Forward<double>(q, k, v, expected, default, batch, queries, keys, depth, valueDepth, 0.25, causal: true);
        var actual = new float[expected.Length];
        AttentionKernel.Forward<float>(Array.ConvertAll(q, x => (float)x), Array.ConvertAll(k, x => (float)x), Array.ConvertAll(v, x => (float)x),
            actual, default, batch, queries, keys, depth, valueDepth, 0.25f, causal: true);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"element {i}: {actual[i]} vs {expected[i]}");
    }

    [Fact]
    public void QueriesWithoutKeysAreAnError()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            AttentionKernel.Forward<float>(new float[6], [], [], new float[6], default, batch: 1, queries: 3, keys: 0, depth: 2, valueDepth: 2, 1f, causal: false));
        Assert.Contains("at least one key", error.Message);
    }

    [Fact]
    public void AnOutputOverlappingAnInputIsAnError()
    {
        var data = new float[12];
        var error = Assert.Throws<ArgumentException>(() =>
            AttentionKernel.Forward<float>(data.AsSpan(0, 6), data.AsSpan(0, 6), data.AsSpan(6, 6), data.AsSpan(6, 6), default, 1, 3, 3, 2, 2, 1f, false));
        Assert.Contains("'output' must not overlap 'value'", error.Message);
    }

    private static void AssertClose(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * scale, $"{what}[{i}]: {actual[i]:R}, expected {expected[i]:R}");
    }

    private sealed record Results(double[] Output, double[] LogSumExp, double[] Dq, double[] Dk, double[] Dv);

    /// <summary>Attention and its adjoints with the whole weight matrix: P = softmax(scale·q·kᵀ) row by row, the masked entries 0.</summary>
    private static Results Reference(double[] q, double[] k, double[] v, double[] dO, int batch, int queries, int keys, int depth, int valueDepth,
        double scale, bool causal)
    {
        var output = new double[batch * queries * valueDepth];
        var lse = new double[batch * queries];
        var dq = new double[q.Length];
        var dk = new double[k.Length];
        var dv = new double[v.Length];
        for (int b = 0; b < batch; b++)
        {
            var p = new double[queries, keys];
            for (int i = 0; i < queries; i++)
            {
                int seen = causal ? Math.Min(i + 1, keys) : keys;
                var s = new double[seen];
                for (int j = 0; j < seen; j++)
                {
                    for (int c = 0; c < depth; c++) s[j] += q[(b * queries + i) * depth + c] * k[(b * keys + j) * depth + c];
                    s[j] *= scale;
                }
                double max = s.Max(), sum = s.Sum(x => Math.Exp(x - max));
                lse[b * queries + i] = max + Math.Log(sum);
                for (int j = 0; j < seen; j++) p[i, j] = Math.Exp(s[j] - max) / sum;
                for (int e = 0; e < valueDepth; e++)
                {
                    for (int j = 0; j < seen; j++) output[(b * queries + i) * valueDepth + e] += p[i, j] * v[(b * keys + j) * valueDepth + e];
                }
            }
            for (int i = 0; i < queries; i++)
            {
                var dp = new double[keys];
                for (int j = 0; j < keys; j++)
                {
                    for (int e = 0; e < valueDepth; e++)
                    {
                        double g = dO[(b * queries + i) * valueDepth + e];
                        dp[j] += g * v[(b * keys + j) * valueDepth + e];
                        dv[(b * keys + j) * valueDepth + e] += p[i, j] * g;
                    }
                }
                double d = 0;
                for (int j = 0; j < keys; j++) d += p[i, j] * dp[j];
                for (int j = 0; j < keys; j++)
                {
                    double ds = p[i, j] * (dp[j] - d) * scale;
                    for (int c = 0; c < depth; c++)
                    {
                        dq[(b * queries + i) * depth + c] += ds * k[(b * keys + j) * depth + c];
                        dk[(b * keys + j) * depth + c] += ds * q[(b * queries + i) * depth + c];
                    }
                }
            }
        }
        return new Results(output, lse, dq, dk, dv);
    }
}
