using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Nn;

/// <summary>
/// The NN kernels that split large inputs over the threads give the bits of the same work done in pieces too small to
/// split: batch norm by ranges of features, cross-entropy's gradient and the embedding gather by ranges of rows.
/// </summary>
public class ParallelNnKernelTests
{
    private const int Count = 96, Features = 1000; // 96 000 elements: split; any 64 features or 8 rows alone: not

    [Fact]
    public void BatchNormSplitByFeaturesEqualsEachFeatureRangeAlone()
    {
        var random = new Random(3);
        float[] x = Values(random, Count * Features), gain = Values(random, Features), bias = Values(random, Features), g = Values(random, Count * Features);
        float[] y = new float[Count * Features], xhat = new float[Count * Features], invStd = new float[Features];
        float[] dx = new float[Count * Features], dGain = new float[Features], dBias = new float[Features];
        BatchNormKernel.Forward<float>(x, gain, bias, y, xhat, invStd, Count, Features, 1e-5f, 1);
        BatchNormKernel.Backward<float>(g, xhat, invStd, gain, dx, dGain, dBias, Count, Features, 1);

        for (int start = 0; start < Features; start += 64)
        {
            int width = Math.Min(64, Features - start);
            float[] xs = Columns(x, start, width), gs = Columns(g, start, width);
            float[] ys = new float[Count * width], xhats = new float[Count * width], invStds = new float[width];
            float[] dxs = new float[Count * width], dGains = new float[width], dBiases = new float[width];
            BatchNormKernel.Forward<float>(xs, gain.AsSpan(start, width), bias.AsSpan(start, width), ys, xhats, invStds, Count, width, 1e-5f, 1);
            BatchNormKernel.Backward<float>(gs, xhats, invStds, gain.AsSpan(start, width), dxs, dGains, dBiases, Count, width, 1);
            Assert.Equal(Columns(y, start, width), ys);
            Assert.Equal(Columns(xhat, start, width), xhats);
            Assert.Equal(invStd.AsSpan(start, width).ToArray(), invStds);
            Assert.Equal(Columns(dx, start, width), dxs);
            Assert.Equal(dGain.AsSpan(start, width).ToArray(), dGains);
            Assert.Equal(dBias.AsSpan(start, width).ToArray(), dBiases);
        }
    }

    [Fact]
    public void CrossEntropyGradientSplitByRowsEqualsEachRowAlone()
    {
        var random = new Random(4);
        double[] logits = Values(random, Count * Features).Select(v => 4.0 * v).ToArray();
        int[] targets = Enumerable.Range(0, Count).Select(_ => random.Next(Features)).ToArray();
        double[] logSumExp = new double[Count], dLogits = new double[Count * Features];
        CrossEntropyKernel.Forward<double>(logits, targets, logSumExp, Count, Features);
        CrossEntropyKernel.Backward<double>(logits, targets, logSumExp, 0.5, dLogits, Count, Features);

        for (int r = 0; r < Count; r++)
        {
            double[] row = new double[Features];
            // One row at a time: the scale is gradient / count, so pass the gradient that gives the same scale.
            CrossEntropyKernel.Backward<double>(logits.AsSpan(r * Features, Features), targets.AsSpan(r, 1), logSumExp.AsSpan(r, 1), 0.5 / Count, row, 1, Features);
            Assert.Equal(dLogits.AsSpan(r * Features, Features).ToArray(), row);
        }
    }

    [Fact]
    public void EmbeddingGatherSplitByRowsReadsEveryRow()
    {
        var random = new Random(5);
        const int tableRows = 50, width = 700;
        float[] table = Values(random, tableRows * width);
        int[] indices = Enumerable.Range(0, 300).Select(_ => random.Next(tableRows)).ToArray();
        float[] gathered = new float[indices.Length * width];
        GatherKernel.Embedding<float>(table, indices, gathered, tableRows, width);
        for (int r = 0; r < indices.Length; r++)
            Assert.Equal(table.AsSpan(indices[r] * width, width).ToArray(), gathered.AsSpan(r * width, width).ToArray());
    }

    private static float[] Columns(float[] matrix, int start, int width)
    {
        var result = new float[Count * width];
        for (int r = 0; r < Count; r++) matrix.AsSpan(r * Features + start, width).CopyTo(result.AsSpan(r * width));
        return result;
    }

    private static float[] Values(Random random, int length) => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
}
