using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Nn;

/// <summary>
/// The batch-norm kernels read the batch row by row over strips of features, but each feature must still add its rows
/// in the documented order (four interleaved partial sums forward, two backward), so the bits equal a plain walk down
/// each column in that order: across strip boundaries, register tails and batches that are not a multiple of four.
/// </summary>
public class BatchNormSummationOrderTests
{
    [Theory]
    [InlineData(6, 17, 1)]
    [InlineData(5, 300, 0)]
    [InlineData(1027, 513, 1)]
    [InlineData(256, 512, 1)]
    [InlineData(33, 2048, 0)]
    [InlineData(64, 4100, 1)]
    public void EveryOutputHasTheBitsOfAColumnWalkInTheDocumentedOrder(int count, int features, int correction)
    {
        var random = new Random(count * 31 + features);
        float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 4 - 1)).ToArray();
        float[] x = Values(count * features), gain = Values(features), bias = Values(features), g = Values(count * features);
        float[] y = new float[x.Length], xhat = new float[x.Length], invStd = new float[features];
        float[] dx = new float[x.Length], dGain = new float[features], dBias = new float[features];
        BatchNormKernel.Forward<float>(x, gain, bias, y, xhat, invStd, count, features, 1e-5f, correction);
        BatchNormKernel.Backward<float>(g, xhat, invStd, gain, dx, dGain, dBias, count, features, correction);

        for (int f = 0; f < features; f++)
        {
            float Column(float[] values, int r) => values[r * features + f];
            int whole4 = count & ~3, whole2 = count & ~1;
            var s = new float[4];
            for (int r = 0; r < count; r++) s[r < whole4 ? r & 3 : 0] += Column(x, r);
            float mean = ((s[0] + s[1]) + (s[2] + s[3])) / count;
            Array.Clear(s);
            for (int r = 0; r < count; r++)
            {
                float deviation = Column(x, r) - mean;
                s[r < whole4 ? r & 3 : 0] = MathF.FusedMultiplyAdd(deviation, deviation, s[r < whole4 ? r & 3 : 0]);
            }
            float expectedInvStd = 1f / MathF.Sqrt(((s[0] + s[1]) + (s[2] + s[3])) / (count - correction) + 1e-5f);
            Assert.Equal(expectedInvStd, invStd[f]);

            var sumG = new float[2];
            var sumProduct = new float[2];
            for (int r = 0; r < count; r++)
            {
                float expectedXhat = (Column(x, r) - mean) * expectedInvStd;
                Assert.Equal(expectedXhat, Column(xhat, r));
                Assert.Equal(MathF.FusedMultiplyAdd(gain[f], expectedXhat, bias[f]), Column(y, r));
                int parity = r < whole2 ? r & 1 : 0;
                sumG[parity] += Column(g, r);
                sumProduct[parity] = MathF.FusedMultiplyAdd(Column(g, r), expectedXhat, sumProduct[parity]);
            }
            float totalG = sumG[0] + sumG[1], totalProduct = sumProduct[0] + sumProduct[1];
            Assert.Equal(totalG, dBias[f]);
            Assert.Equal(totalProduct, dGain[f]);
            float scale = gain[f] * expectedInvStd / count, projection = (float)count / (count - correction) * totalProduct;
            for (int r = 0; r < count; r++)
                Assert.Equal(scale * (count * Column(g, r) - totalG - Column(xhat, r) * projection), Column(dx, r));
        }
    }

    [Theory]
    [InlineData(2048, 2, 1024)]
    [InlineData(512, 2, 256)]
    [InlineData(4100, 2, 1024)]
    [InlineData(2048, 1, 1024)]
    [InlineData(100, 1, 104)]
    [InlineData(3, 2, 8)]
    [InlineData(1000, 3, 336)]
    public void EachThreadGetsAStripOfWholeLinesNoWiderThanAPage(int features, int threads, int expected)
        => Assert.Equal(expected, BatchNormStrips.StripWidth(features, threads));
}
