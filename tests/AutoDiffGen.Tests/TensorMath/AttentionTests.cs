using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.TensorMathOps;

/// <summary>TensorMath.ScaledDotProductAttention as a user calls it: shapes, the default scale, and clear errors.</summary>
public class AttentionTests
{
    private static Tensor<double> Filled(int seed, params nint[] lengths)
    {
        var random = new Random(seed);
        int count = (int)lengths.Aggregate((nint)1, (a, b) => a * b);
        return Tensor.Create(Enumerable.Range(0, count).Select(_ => random.NextDouble() * 2 - 1).ToArray(), lengths);
    }

    [Fact]
    public void TheResultHasTheQueriesAndTheValueDepth()
    {
        var result = TensorMath.ScaledDotProductAttention(Filled(1, 2, 3, 5, 4), Filled(2, 2, 3, 7, 4), Filled(3, 2, 3, 7, 6));
        Assert.Equal([2, 3, 5, 6], result.Lengths.ToArray());
    }

    [Fact]
    public void TheDefaultScaleIsOneOverTheSquareRootOfTheDepth()
    {
        var (q, k, v) = (Filled(4, 5, 9), Filled(5, 5, 9), Filled(6, 5, 2));
        var byDefault = TensorMath.ScaledDotProductAttention(q, k, v, causal: true);
        var explicitly = TensorMath.ScaledDotProductAttention(q, k, v, causal: true, scale: 1 / 3.0);
        Assert.Equal(explicitly.ToArray(), byDefault.ToArray());
    }

    [Fact]
    public void OneKeyPerRowGivesItsValue()
    {
        // Causal over a square problem: the first query sees only the first key, so it gets the first value exactly.
        var v = Filled(7, 4, 3);
        var result = TensorMath.ScaledDotProductAttention(Filled(8, 4, 2), Filled(9, 4, 2), v, causal: true);
        Assert.Equal(v.ToArray().Take(3), result.ToArray().Take(3));
    }

    [Theory]
    [InlineData(new[] { 2, 5, 4 }, new[] { 2, 7, 3 }, new[] { 2, 7, 6 }, "key rows as long as query rows")]
    [InlineData(new[] { 2, 5, 4 }, new[] { 2, 7, 4 }, new[] { 2, 6, 6 }, "a value row per key")]
    [InlineData(new[] { 2, 5, 4 }, new[] { 3, 7, 4 }, new[] { 3, 7, 6 }, "the same leading axes")]
    [InlineData(new[] { 5, 4 }, new[] { 2, 7, 4 }, new[] { 2, 7, 6 }, "of one rank")]
    [InlineData(new[] { 4 }, new[] { 4 }, new[] { 4 }, "at least 2")]
    [InlineData(new[] { 5, 4 }, new[] { 0, 4 }, new[] { 0, 6 }, "at least one key")]
    public void ShapesThatDoNotFitAreNamed(int[] query, int[] key, int[] value, string expected)
    {
        nint[] Lengths(int[] shape) => Array.ConvertAll(shape, l => (nint)l);
        var error = Assert.Throws<ArgumentException>(() =>
            TensorMath.ScaledDotProductAttention(Filled(1, Lengths(query)), Filled(2, Lengths(key)), Filled(3, Lengths(value))));
        Assert.Contains(expected, error.Message);
        Assert.Contains($"query is [{string.Join(", ", query)}]", error.Message);
    }
}
