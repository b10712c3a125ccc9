using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

/// <summary>Permute and N-D Transpose against indexing each element by hand.</summary>
public class AxisOrderTests
{
    public static TheoryData<int[], int[]> Permutations() => new()
    {
        { [2, 3], [1, 0] },
        { [2, 3, 4], [0, 2, 1] },        // the last two axes of a batch: a batched transpose
        { [2, 3, 4, 5], [0, 2, 1, 3] },  // [B, T, H, d] → [B, H, T, d]: whole rows move
        { [2, 3, 4, 5], [3, 2, 1, 0] },
        { [2, 3, 4, 5], [1, 3, 0, 2] },
        { [5, 1, 7], [2, 1, 0] },        // a length-1 axis anywhere
        { [3, 4, 1], [2, 0, 1] },
        { [9, 17, 33], [2, 0, 1] },
        { [4, 0, 3], [2, 1, 0] },        // empty
        { [6], [0] },
        { [4, 64, 6, 32], [0, 2, 1, 3] }, // large enough to be split between the threads: each path of the kernel
        { [4, 6, 64, 32], [0, 1, 3, 2] },
        { [40, 30, 33], [2, 0, 1] },
    };

    [Theory, MemberData(nameof(Permutations))]
    public void PermuteMovesEveryElementWhereItsIndexSays(int[] shape, int[] axes)
    {
        Check<float>(shape, axes, x => x.Permute(axes));
        Check<double>(shape, axes, x => x.Permute(axes));
    }

    [Fact]
    public void NegativeAxesCountFromTheEnd()
    {
        var x = Random<float>(1, [2, 3, 4, 5]);
        Assert.Equal(Values(x.Permute(0, 2, 1, 3)), Values(x.Permute(0, -2, 1, -1)));
        Assert.Equal(Values(x.Permute(0, 1, 3, 2)), Values(x.Transpose(-1, -2)));
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 }, 1, 2)]
    [InlineData(new[] { 2, 3, 4 }, 0, 2)]
    [InlineData(new[] { 2, 3, 4 }, 1, 1)]
    [InlineData(new[] { 7, 9 }, 0, 1)]
    public void TransposeOfTwoAxesSwapsJustThose(int[] shape, int axis0, int axis1)
    {
        int[] axes = Enumerable.Range(0, shape.Length).ToArray();
        (axes[axis0], axes[axis1]) = (axes[axis1], axes[axis0]);
        Check<double>(shape, axes, x => x.Transpose(axis0, axis1));
    }

    [Fact]
    public void BadAxesAreNamed()
    {
        var x = Random<float>(1, [2, 3, 4]);
        Assert.Contains("one axis for each of the 3 axes of x [2, 3, 4], but was given 2", Assert.Throws<ArgumentException>(() => x.Permute(0, 1)).Message);
        Assert.Contains("names axis 1 twice", Assert.Throws<ArgumentException>(() => x.Permute(0, 1, -2)).Message);
        Assert.Equal("axes", Assert.Throws<ArgumentOutOfRangeException>(() => x.Permute(0, 1, 3)).ParamName);
        Assert.Equal("axis1", Assert.Throws<ArgumentOutOfRangeException>(() => x.Transpose(0, -4)).ParamName);
        Assert.Throws<ArgumentNullException>(() => ((Tensor<float>)null!).Permute(0));
    }

    [Fact]
    public void TheKernelValidatesItsArguments()
    {
        int[] source = [1, 2, 3, 4, 5, 6];
        var destination = new int[6];
        PermuteKernel.Permute<int>(source, destination, [2, 3], [1, 0]);
        Assert.Equal([1, 4, 2, 5, 3, 6], destination);
        Assert.Throws<ArgumentException>(() => PermuteKernel.Permute<int>(source, destination, [2, 3], [1, 1]));
        Assert.Throws<ArgumentException>(() => PermuteKernel.Permute<int>(source, destination, [2, 3], [0]));
        Assert.Throws<ArgumentException>(() => PermuteKernel.Permute<int>(source, destination.AsSpan(0, 5), [2, 3], [1, 0]));
        Assert.Throws<ArgumentException>(() => PermuteKernel.Permute<int>(source, source, [2, 3], [1, 0]));
    }

    [Fact]
    public void NonDenseInputsAreReadAsTheirValues()
    {
        var x = Random<double>(2, [3, 4, 5]);
        Assert.Equal(Values(x.Permute(2, 0, 1)), Values(Strided(x).Permute(2, 0, 1)));
    }

    private static void Check<T>(int[] shape, int[] axes, Func<Tensor<T>, Tensor<T>> permute) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Random<T>(3, shape);
        T[] values = Values(x);
        var result = permute(x);
        int[] resultShape = axes.Select(axis => shape[axis]).ToArray();
        Assert.Equal(resultShape, Shape(result));
        T[] permuted = Values(result);

        // Walk the result's indices in order; each names the source element through the axes.
        int rank = shape.Length;
        var index = new int[rank];
        for (int flat = 0; flat < permuted.Length; flat++)
        {
            var sourceIndex = new int[rank];
            for (int d = 0; d < rank; d++) sourceIndex[axes[d]] = index[d];
            int source = 0;
            for (int d = 0; d < rank; d++) source = source * shape[d] + sourceIndex[d];
            Assert.Equal(values[source], permuted[flat]);
            for (int d = rank - 1; d >= 0 && ++index[d] == resultShape[d]; d--) index[d] = 0;
        }
    }
}
