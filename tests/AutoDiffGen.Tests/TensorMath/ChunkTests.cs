using System.Numerics.Tensors;
using CsCheck;

namespace AutoDiffGen.Tests.TensorMathOps;

/// <summary>TensorMath.Chunk and the array deconstruction that takes its parts.</summary>
public class ChunkTests
{
    private static Tensor<double> Counting(params nint[] lengths)
        => Tensor.Create(Enumerable.Range(0, (int)lengths.Aggregate((nint)1, (a, b) => a * b)).Select(i => (double)i).ToArray(), lengths);

    [Fact]
    public void PartsAreTheRunsOfTheAxisInOrder()
    {
        var x = Counting(2, 6);
        var (a, b, c) = x.Chunk(3, -1);
        Assert.Equal([0.0, 1, 6, 7], a.ToArray());
        Assert.Equal([2.0, 3, 8, 9], b.ToArray());
        Assert.Equal([4.0, 5, 10, 11], c.ToArray());
        Assert.Equal([2, 2], c.Lengths.ToArray());
    }

    [Fact]
    public void PartsEqualNarrowsOfTheirRuns()
    {
        var x = Counting(3, 4, 2);
        var parts = x.Chunk(2, 1);
        Assert.Equal(x.Narrow(1, 0, 2).ToArray(), parts[0].ToArray());
        Assert.Equal(x.Narrow(1, 2, 2).ToArray(), parts[1].ToArray());
    }

    [Fact]
    public void AnAxisThatDoesNotDivideIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => Counting(2, 5).Chunk(3, 1));
        Assert.Contains("5 is not a multiple of 3", error.Message);
    }

    [Fact]
    public void DeconstructingIntoTheWrongCountIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => { var (a, b) = Counting(6).Chunk(3, 0); });
        Assert.Contains("into 2 tensors needs 2 parts, but there are 3", error.Message);
    }

    [Fact]
    public void PartsJoinedAgainAreTheTensorForRandomShapes()
    {
        Gen.Select(Gen.Int[1, 4].Array[1, 4], Gen.Int[0, 3], Gen.Int[1, 4], (shape, axisChoice, chunks) => (shape, axisChoice, chunks)).Sample(c =>
        {
            int axis = c.axisChoice % c.shape.Length;
            var lengths = c.shape.Select((length, a) => (nint)(a == axis ? length * c.chunks : length)).ToArray();
            var x = Counting(lengths);
            var parts = x.Chunk(c.chunks, axis - c.shape.Length);
            Assert.Equal(c.chunks, parts.Length);
            Assert.Equal(x.ToArray(), TensorMath.Concat(axis, parts).ToArray());
        }, iter: 200, threads: 1, print: c => $"[{string.Join(", ", c.shape)}] axis {c.axisChoice} chunks {c.chunks}");
    }
}
