using System.Buffers;
using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Tests.Runtime;

public class TensorDataTests
{
    [Theory]
    [InlineData(new[] { 2, 1 })]
    [InlineData(new[] { 3, 1, 7 })]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 4, 5 })]
    public void ReadsDenseTensorsInPlaceWhateverTheirLengthOneAxes(int[] lengths)
    {
        int count = lengths.Aggregate(1, (a, b) => a * b);
        var data = Enumerable.Range(0, count).Select(i => (float)i).ToArray();
        var tensor = Tensor.Create(data, lengths.Select(l => (nint)l).ToArray());
        float[]? copy = null;

        var span = TensorData.Read(tensor, ref copy);

        Assert.Equal(data, span.ToArray());
        Assert.Null(copy);
        TensorData.Write(tensor, "t")[0] = 42;
        Assert.Equal(42, data[0]);
    }

    [Fact]
    public void ReadsARowSliceFromItsOwnFirstElement()
    {
        var tensor = Tensor.Create(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        var rows = tensor.Slice([new NRange(1, 3), NRange.All]);
        float[]? copy = null;

        Assert.Equal(new float[] { 3, 4, 5, 6 }, TensorData.Read(rows, ref copy).ToArray());
    }

    [Fact]
    public void CopiesANonDenseTensorIntoAReusedBuffer()
    {
        var tensor = Tensor.Create(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        var column = tensor.Slice([NRange.All, new NRange(1, 2)]);
        float[]? copy = null;

        Assert.Equal(new float[] { 2, 4, 6 }, TensorData.Read(column, ref copy).ToArray());
        var first = copy;
        TensorData.Read(column, ref copy);
        Assert.Same(first, copy);
        Assert.Throws<ArgumentException>(() => TensorData.Write(column, "column"));
    }
}
