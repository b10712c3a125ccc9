using System.Numerics.Tensors;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

/// <summary>Squeeze, and the in-box Unsqueeze it undoes: the same elements, one axis of length 1 less or more.</summary>
public class AxisViewTests
{
    [Theory]
    [InlineData(0, new[] { 1, 2, 3 }, 0)]
    [InlineData(1, new[] { 2, 1, 3 }, 1)]
    [InlineData(2, new[] { 2, 3, 1 }, 2)]
    [InlineData(2, new[] { 2, 3, 1 }, -1)]
    [InlineData(0, new[] { 1, 2, 3 }, -3)]
    public void SqueezeRemovesTheAxisUnsqueezeAdded(int unsqueezed, int[] expanded, int squeezed)
    {
        var x = Tensor.Create(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var y = Tensor.Unsqueeze(x, unsqueezed);
        Assert.Equal(expanded, Shape(y));
        var back = y.Squeeze(squeezed);
        Assert.Equal([2, 3], Shape(back));
        Assert.Equal(Values(x), Values(back));
    }

    [Fact]
    public void BadAxesAreRejectedWithTheShape()
    {
        var x = Tensor.Create(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Squeeze(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Squeeze(-3));
        var error = Assert.Throws<ArgumentException>(() => x.Squeeze(1));
        Assert.Contains("[2, 3]", error.Message);
    }
}
