using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

/// <summary>Narrow and Concat: positions along an axis taken out and joined, against index arithmetic.</summary>
public class NarrowConcatTests
{
    [Theory]
    [InlineData(new[] { 4, 6 }, 1, 2, 3)]
    [InlineData(new[] { 4, 6 }, 0, 1, 3)]
    [InlineData(new[] { 2, 3, 9 }, -1, 3, 3)]
    [InlineData(new[] { 2, 5, 3 }, 1, 0, 5)]
    [InlineData(new[] { 2, 5, 3 }, 1, 4, 0)]
    public void NarrowTakesThePositionsAndConcatPutsThemBack(int[] shape, int axis, int start, int length)
    {
        var x = Random<double>(3, shape);
        var part = x.Narrow(axis, start, length);
        int at = axis < 0 ? axis + shape.Length : axis;
        var expected = (int[])shape.Clone();
        expected[at] = length;
        Assert.Equal(expected, Shape(part));

        var before = x.Narrow(axis, 0, start);
        var after = x.Narrow(axis, start + length, shape[at] - start - length);
        var joined = TensorMath.Concat(axis, before, part, after);
        Assert.Equal(shape, Shape(joined));
        Assert.Equal(Values(x), Values(joined));
    }

    [Fact]
    public void ThePlacedAdjointIsZeroOutsideItsRun()
    {
        double[] g = [1, 2, 3, 4];
        var dx = Enumerable.Repeat(9.0, 12).ToArray();
        NarrowKernel.Place<double>(g, dx, outer: 2, axisLength: 3, inner: 2, start: 1, length: 1, clearRest: true);
        Assert.Equal([0, 0, 1, 2, 0, 0, 0, 0, 3, 4, 0, 0], dx);
    }

    [Fact]
    public void BadRunsAndShapesAreRejected()
    {
        var x = Random<double>(4, [2, 3]);
        Assert.Contains("[2, 3]", Assert.Throws<ArgumentException>(() => x.Narrow(1, 2, 2)).Message);
        Assert.Throws<ArgumentException>(() => x.Narrow(1, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Narrow(2, 0, 1));
        Assert.Contains("[2, 3] and [3, 3]", Assert.Throws<ArgumentException>(() => TensorMath.Concat(1, x, Random<double>(5, [3, 3]))).Message);
        Assert.Throws<ArgumentException>(() => TensorMath.Concat<double>(0));
        Assert.Throws<ArgumentException>(() => NarrowKernel.Narrow<double>(new double[6], new double[4], 2, 3, 1, 2, 2));
        Assert.Throws<ArgumentException>(() => NarrowKernel.Narrow<double>(new double[6], new double[3], 2, 3, 1, 1, 2));
    }
}
