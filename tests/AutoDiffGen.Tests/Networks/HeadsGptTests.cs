using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;
using AutoDiffGen.Training;

namespace AutoDiffGen.Tests.Networks;

/// <summary>A head count given as an argument: the same numbers as the literal, finite differences, and bad sizes refused.</summary>
public class HeadsGptTests
{
    private static Tensor<double>[] Block(Tensor<double>[] parameters, int layer) => parameters.Skip(2 + 12 * layer).Take(12).ToArray();

    [Fact]
    public void FourHeadsGiveTheNumbersOfTheLiteralFour()
    {
        var (_, _, p) = TinyGptTests.Problem(batch: 2, context: 5, seed: 41);
        var x = TestTensors.Random(new Random(42), [2, 5, 8], v => v);
        var g = TestTensors.Random(new Random(43), [2, 5, 8], v => v);
        var b = Block(p, 0);
        var literal = new TinyGpt.BlockGradients();
        var given = new HeadsGpt.BlockGradients();
        var expected = TinyGpt.BlockBackward(x, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], g, literal);
        var actual = HeadsGpt.BlockBackward(x, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], 4, g, given);

        GradientCheck.AssertClose(TestTensors.Values(actual), TestTensors.Values(expected), 1e-14, "block");
        IGradientSet<double> a = given, e = literal;
        for (int i = 0; i < e.Names.Count; i++)
            GradientCheck.AssertClose(TestTensors.Values(a.Gradient(i)), TestTensors.Values(e.Gradient(i)), 1e-14, "d" + e.Names[i]);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    public void AnyHeadCountMatchesFiniteDifferences(int heads, int layers)
    {
        // Eight channels as 2 heads of 4 (or 1 of 8), over stacked blocks.
        var (x, y, blocks) = TinyGptTests.Problem(batch: 2, context: 3, seed: 44 + heads, layers: layers);
        var p = LayeredGptTests.Stacked(blocks, layers);
        double Loss(Tensor<double>[] t) => HeadsGpt.Loss(x, y, t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9], t[10], t[11], t[12], t[13], t[14], t[15], heads);
        var (value, gradients) = HeadsGpt.LossValueAndGradients(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], heads);
        IGradientSet<double> set = gradients;

        Assert.Equal(Loss(p), value, 1e-12);
        for (int i = 0; i < p.Length; i++)
            GradientCheck.AssertClose(TestTensors.Values(set.Gradient(i)), GradientCheck.Numerical(Loss, p, i), 1e-6, "d" + set.Names[i]);
    }

    [Theory]
    [InlineData(0, "'heads' is 0, but it is a size and must be at least 1.")]
    [InlineData(3, "'x' dimension 2 (D*H) is 8, which is not a multiple of 3")]
    public void ASizeThatIsNoneIsRefusedByName(int heads, string message)
    {
        var (_, _, p) = TinyGptTests.Problem(batch: 1, context: 2, seed: 46);
        var x = TestTensors.Random(new Random(47), [1, 2, 8], v => v);
        var b = Block(p, 0);
        var error = Assert.Throws<ArgumentException>(() => HeadsGpt.BlockBackward(x, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], heads, x, new HeadsGpt.BlockGradients()));
        Assert.StartsWith(message, error.Message);
    }
}
