using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

public class CausalSoftmaxTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(2, 17)]
    [InlineData(4, 64)]
    public void EqualsTheSoftmaxOfTheScoresMaskedWithMinusInfinity(int matrices, int size)
    {
        double[] x = Uniform(size * 7 + matrices, matrices * size * size, -5, 5);
        double[] masked = (double[])x.Clone();
        for (int m = 0; m < matrices; m++)
            for (int i = 0; i < size; i++)
                for (int j = i + 1; j < size; j++)
                    masked[(m * size + i) * size + j] = double.NegativeInfinity;
        var expected = new double[x.Length];
        SoftmaxKernel.Softmax<double>(masked, expected, matrices * size, size, 1);

        var causal = new double[x.Length];
        SoftmaxKernel.CausalSoftmax<double>(x, causal, matrices, size);
        // The same terms, summed in registers grouped by the row's seen length rather than its whole length: equal to
        // the last bits or so.
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], causal[i], 1e-15);

        var single = new float[x.Length];
        SoftmaxKernel.CausalSoftmax<float>(x.Select(v => (float)v).ToArray(), single, matrices, size);
        for (int i = 0; i < x.Length; i++) Assert.Equal(expected[i], single[i], 1e-6);
    }

    [Fact]
    public void MayWriteOverItsInputAndClearsTheMaskedEntries()
    {
        double[] x = Uniform(3, 2 * 9 * 9, 1e4, 1e4 + 3);
        var separate = new double[x.Length];
        SoftmaxKernel.CausalSoftmax<double>(x, separate, 2, 9);
        var inPlace = (double[])x.Clone();
        SoftmaxKernel.CausalSoftmax<double>(inPlace, inPlace, 2, 9);
        AssertIdentical(separate, inPlace, "in place");
        Assert.Equal(1.0, separate[0]);
        Assert.All(Enumerable.Range(1, 8), j => Assert.Equal(0.0, separate[j]));
    }

    [Fact]
    public void TheEagerOpTakesTheMaskAndRejectsWhatItCannotMask()
    {
        var scores = Tensor.Create(Uniform(5, 2 * 4 * 4), [2, 4, 4]);
        var weights = scores.Softmax(-1, causal: true);
        var expected = new double[32];
        SoftmaxKernel.CausalSoftmax<double>(AutoDiffGen.Tests.TensorMathOps.TensorTestData.Values(scores), expected, 2, 4);
        AssertIdentical(expected, AutoDiffGen.Tests.TensorMathOps.TensorTestData.Values(weights), "eager");

        var notSquare = Tensor.Create(Uniform(6, 2 * 3 * 4), [2, 3, 4]);
        var error = Assert.Throws<ArgumentException>(() => notSquare.Softmax(2, causal: true));
        Assert.Contains("[2, 3, 4]", error.Message);
        Assert.Throws<ArgumentException>(() => scores.Softmax(1, causal: true));
        Assert.Throws<ArgumentException>(() => Tensor.Create(new double[4], [4]).Softmax(0, causal: true));
    }

    [Fact]
    public void ShortSpansAreRejected()
    {
        Assert.Throws<ArgumentException>(() => SoftmaxKernel.CausalSoftmax<double>(new double[8], new double[9], 2, 2));
        Assert.Throws<ArgumentException>(() => SoftmaxKernel.CausalSoftmax<double>(new double[7], new double[8], 2, 2));
    }
}
