using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Nn;

public class IndexCheckTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 3)]
    [InlineData(100, 27)]   // several vector registers and a tail
    public void IndicesInsideTheRangePass(int count, int limit)
    {
        int[] indices = NnTestData.Indices(count, count, limit);
        indices[..Math.Min(2, count)].AsSpan().Fill(limit - 1);
        IndexCheck.InRange(indices, limit, "indices");
    }

    [Fact]
    public void NoIndicesPassEvenForAnEmptyRange() => IndexCheck.InRange([], 0, "indices");

    [Theory]
    [InlineData(0, 27)]
    [InlineData(5, 27)]
    [InlineData(7, -1)]
    [InlineData(8, 30)]
    [InlineData(63, int.MaxValue)]
    [InlineData(64, int.MinValue)]
    [InlineData(99, 1000)]
    public void TheFirstIndexOutsideTheRangeIsReportedWithItsPositionAndTheRange(int position, int value)
    {
        int[] indices = NnTestData.Indices(3, 100, 27);
        indices[position] = value;
        if (position + 1 < indices.Length) indices[^1] = -7;   // a later bad index is not the one reported

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => IndexCheck.InRange(indices, 27, "y"));
        Assert.Equal("y", exception.ParamName);
        Assert.StartsWith($"'y' holds {value} at position {position}, outside [0, 27).", exception.Message);
    }

    [Fact]
    public void TheMessageReadsAsDocumented()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => IndexCheck.InRange([0, 1, 2, 3, 4, 27], 27, "y"));
        Assert.Equal("'y' holds 27 at position 5, outside [0, 27). (Parameter 'y')", exception.Message);
    }

    [Fact]
    public void ANegativeLimitIsRejected()
        => Assert.Equal("limit", Assert.Throws<ArgumentOutOfRangeException>(() => IndexCheck.InRange([0], -1, "indices")).ParamName);
}
