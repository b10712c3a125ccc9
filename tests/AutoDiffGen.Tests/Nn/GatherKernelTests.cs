using System.Numerics;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

public class GatherKernelTests
{
    // [tableRows, width, count]: rows of one element, of full registers with a tail, more lookups than rows.
    public static TheoryData<int, int, int> EmbeddingSizes() => new()
    {
        { 1, 1, 1 },
        { 27, 10, 32 },
        { 5, 67, 12 },
        { 3, 16, 0 },
        { 50, 3, 7 },
    };

    [Theory, MemberData(nameof(EmbeddingSizes))]
    public void EmbeddingCopiesTheIndexedRows(int tableRows, int width, int count)
    {
        CheckEmbedding<float>(tableRows, width, count);
        CheckEmbedding<double>(tableRows, width, count);
    }

    [Theory, MemberData(nameof(EmbeddingSizes))]
    public void EmbeddingBackwardMatchesFiniteDifferencesOfForward(int tableRows, int width, int count)
    {
        double[] table = Uniform(tableRows, tableRows * width);
        int[] indices = Indices(width, count, tableRows);
        double[] weights = Uniform(count, count * width);
        double Loss(double[] at)
        {
            var rows = new double[count * width];
            GatherKernel.Embedding<double>(at, indices, rows, tableRows, width);
            return Weighted(rows, weights);
        }

        double[] dTable = Sentinel<double>(table.Length);
        GatherKernel.EmbeddingBackward<double>(weights, indices, dTable, tableRows, width);
        AssertMatchesFiniteDifferences(dTable, Numerical(Loss, table), $"embedding [{tableRows}, {width}] × {count}");
    }

    [Fact]
    public void RepeatedIndicesAccumulateInOrder()
    {
        // Row 2 is looked up three times: its gradient is g[0] + g[2] + g[3], added in that order; row 1 never.
        const int width = 19;
        int[] indices = [2, 0, 2, 2];
        float[] g = To<float>(Uniform(1, indices.Length * width));
        var dTable = Sentinel<float>(3 * width);
        GatherKernel.EmbeddingBackward<float>(g, indices, dTable, 3, width);
        for (int c = 0; c < width; c++)
        {
            Assert.Equal(g[width + c], dTable[c]);
            Assert.Equal(0f, dTable[width + c]);
            Assert.Equal(g[c] + g[2 * width + c] + g[3 * width + c], dTable[2 * width + c]);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(32, 27)]
    [InlineData(7, 67)]
    public void PickReadsOneElementPerRowAndItsBackwardScattersIt(int count, int classes)
    {
        double[] x = Uniform(count, count * classes);
        int[] indices = Indices(classes, count, classes);
        var picked = Sentinel<double>(count);
        GatherKernel.Pick<double>(x, indices, picked, count, classes);
        for (int r = 0; r < count; r++) Assert.Equal(x[r * classes + indices[r]], picked[r]);

        float[] xf = To<float>(x);
        var pickedFloat = new float[count];
        GatherKernel.Pick<float>(xf, indices, pickedFloat, count, classes);
        for (int r = 0; r < count; r++) Assert.Equal(xf[r * classes + indices[r]], pickedFloat[r]);

        double[] weights = Uniform(2, count);
        double Loss(double[] at)
        {
            var values = new double[count];
            GatherKernel.Pick<double>(at, indices, values, count, classes);
            return Weighted(values, weights);
        }
        double[] dx = Sentinel<double>(x.Length);
        GatherKernel.PickBackward<double>(weights, indices, dx, count, classes);
        AssertMatchesFiniteDifferences(dx, Numerical(Loss, x), $"pick [{count}, {classes}]");
    }

    public enum Method { Embedding, EmbeddingBackward, Pick, PickBackward }

    [Theory]
    [InlineData(Method.Embedding, 4)]
    [InlineData(Method.Embedding, -1)]
    [InlineData(Method.EmbeddingBackward, 4)]
    [InlineData(Method.EmbeddingBackward, -3)]
    [InlineData(Method.Pick, 4)]
    [InlineData(Method.Pick, -1)]
    [InlineData(Method.PickBackward, 4)]
    [InlineData(Method.PickBackward, int.MinValue)]
    public void ABadIndexThrowsBeforeTheDestinationIsTouched(Method method, int bad)
    {
        // A table of 4 rows of 3; the bad index comes last, after good ones that would already have been written.
        int[] indices = [0, 2, 1, bad];
        double[] source = Uniform(1, 4 * 3);
        double[] destination = Sentinel<double>(method switch
        {
            Method.Embedding => indices.Length * 3,
            Method.EmbeddingBackward => 4 * 3,
            Method.Pick => indices.Length,
            _ => indices.Length * 4,
        });
        Action call = method switch
        {
            Method.Embedding => () => GatherKernel.Embedding<double>(source, indices, destination, 4, 3),
            Method.EmbeddingBackward => () => GatherKernel.EmbeddingBackward<double>(source, indices, destination, 4, 3),
            Method.Pick => () => GatherKernel.Pick<double>(source.AsSpan(0, 16 - 4), indices, destination, 4, 3),
            _ => () => GatherKernel.PickBackward<double>(source.AsSpan(0, 4), indices, destination, 4, 4),
        };
        var exception = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.Equal("indices", exception.ParamName);
        Assert.Contains($"holds {bad} at position 3", exception.Message);
        AssertUntouched(destination);
    }

    [Fact]
    public void SpanLengthsAndOverlapsAreChecked()
    {
        var table = new float[12];
        Assert.Equal("table", Assert.Throws<ArgumentException>(() => GatherKernel.Embedding<float>(table, [0], new float[3], 5, 3)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => GatherKernel.Embedding<float>(table, [0, 1], new float[3], 4, 3)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => GatherKernel.Embedding<float>(table, [0], table.AsSpan(9), 4, 3)).ParamName);
        Assert.Equal("dTable", Assert.Throws<ArgumentException>(() => GatherKernel.EmbeddingBackward<float>(table.AsSpan(0, 3), [0], table, 4, 3)).ParamName);
        Assert.Equal("indices", Assert.Throws<ArgumentException>(() => GatherKernel.Pick<float>(table, [0], new float[4], 4, 3)).ParamName);
        Assert.Equal("dx", Assert.Throws<ArgumentException>(() => GatherKernel.PickBackward<float>(new float[4], [0, 0, 0, 0], new float[11], 4, 3)).ParamName);
    }

    private static void CheckEmbedding<T>(int tableRows, int width, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] table = To<T>(Uniform(tableRows + width, tableRows * width));
        int[] indices = Indices(count, count, tableRows);
        var rows = Sentinel<T>(count * width);
        GatherKernel.Embedding<T>(table, indices, rows, tableRows, width);
        for (int r = 0; r < count; r++)
            Assert.Equal(table.AsSpan(indices[r] * width, width).ToArray(), rows.AsSpan(r * width, width).ToArray());
    }
}
