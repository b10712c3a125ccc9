using System.Numerics.Tensors;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.Nn;

public class ReshapeTests
{
    [Theory]
    [InlineData(new[] { 4, 3, 5 }, 1, new[] { 4, 15 })]     // makemore: [N, 3, D] → [N, 3·D]
    [InlineData(new[] { 4, 3, 5 }, 0, new[] { 60 })]
    [InlineData(new[] { 4, 3, 5 }, 2, new[] { 4, 3, 5 })]
    [InlineData(new[] { 4, 3, 5 }, -1, new[] { 4, 3, 5 })]
    [InlineData(new[] { 4, 3, 5 }, -2, new[] { 4, 15 })]
    [InlineData(new[] { 2, 3, 1, 4 }, 1, new[] { 2, 12 })]
    [InlineData(new[] { 7 }, 0, new[] { 7 })]
    [InlineData(new[] { 0, 3, 2 }, 1, new[] { 0, 6 })]
    public void FlattenMergesTheTrailingAxesInRowMajorOrder(int[] shape, int startAxis, int[] resultShape)
    {
        var x = Random<double>(1, shape);
        var flat = x.Flatten(startAxis);
        Assert.Equal(resultShape, Shape(flat));
        Assert.Equal(Values(x), Values(flat));
        if (startAxis == 1) Assert.Equal(Values(x), Values(x.Flatten()));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-4)]
    public void FlattenRejectsAStartAxisOutsideTheRank(int startAxis)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Random<float>(1, [2, 3, 4]).Flatten(startAxis));
        Assert.Equal("startAxis", exception.ParamName);
        Assert.Contains("[2, 3, 4]", exception.Message);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { 6, 4 }, new[] { 6, 4 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { -1, 4 }, new[] { 6, 4 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, -1 }, new[] { 2, 12 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { -1 }, new[] { 24 })]
    [InlineData(new[] { 24 }, new[] { 2, -1, 3 }, new[] { 2, 4, 3 })]
    [InlineData(new[] { 6 }, new[] { 1, 6, 1 }, new[] { 1, 6, 1 })]
    [InlineData(new[] { 0, 4 }, new[] { 2, 0 }, new[] { 2, 0 })]
    [InlineData(new[] { 0, 4 }, new[] { 5, -1 }, new[] { 5, 0 })]
    public void ReshapeKeepsTheOrderAndInfersOneLength(int[] shape, int[] lengths, int[] resultShape)
    {
        var x = Random<float>(2, shape);
        var reshaped = x.Reshape(Lengths(lengths));
        Assert.Equal(resultShape, Shape(reshaped));
        Assert.Equal(Values(x), Values(reshaped));
    }

    [Theory]
    [InlineData(new[] { 5, 4 }, "those lengths hold 20 elements")]
    [InlineData(new[] { 5, 5 }, "those lengths hold more than 24 elements")]
    [InlineData(new[] { 100, 100 }, "those lengths hold more than 24 elements")]
    [InlineData(new[] { 5, -1 }, "no length in place of -1 makes 24 elements")]
    [InlineData(new[] { 0, -1 }, "no length in place of -1 makes 24 elements")]
    [InlineData(new[] { -1, -1 }, "only one length can be -1")]
    [InlineData(new[] { 4, -2, 3 }, "length -2 is negative")]
    [InlineData(new int[0], "a tensor needs at least one length")]
    [InlineData(new[] { int.MaxValue, int.MaxValue, int.MaxValue }, "those lengths hold more than 24 elements")]
    public void AReshapeThatDoesNotFitNamesBothShapes(int[] lengths, string reason)
    {
        var x = Random<double>(3, [2, 3, 4]);
        var exception = Assert.Throws<ArgumentException>(() => x.Reshape(Lengths(lengths)));
        Assert.Equal("lengths", exception.ParamName);
        Assert.StartsWith($"Cannot reshape [2, 3, 4] (24 elements) to [{string.Join(", ", lengths)}]: {reason}.", exception.Message);
    }

    [Fact]
    public void TheResultsAreCopiesSoWritingThemLeavesTheInputAlone()
    {
        var x = Random<float>(4, [2, 3, 4]);
        float[] original = Values(x);
        var flat = x.Flatten();
        var reshaped = x.Reshape(4, -1);
        flat += 1f;
        reshaped *= 0f;
        Assert.Equal(original, Values(x));
        Assert.NotEqual(Values(flat), original);
    }

    [Fact]
    public void NonDenseInputsAreReadInRowMajorOrder()
    {
        var dense = Random<double>(5, [3, 2, 5]);
        var strided = Strided(dense);
        Assert.False(strided.IsDense);
        Assert.Equal(Values(dense), Values(strided.Flatten()));
        Assert.Equal(Values(dense), Values(strided.Reshape(5, 6)));
        Assert.True(strided.Reshape(-1).IsDense);
    }

    [Fact]
    public void NullInputsThrow()
    {
        Tensor<float> none = null!;
        Assert.Throws<ArgumentNullException>(() => none.Flatten());
        Assert.Throws<ArgumentNullException>(() => none.Reshape(2, 3));
    }
}
