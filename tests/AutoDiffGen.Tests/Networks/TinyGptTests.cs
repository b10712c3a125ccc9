using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;
using AutoDiffGen.Training;

namespace AutoDiffGen.Tests.Networks;

/// <summary>The sample's GPT in double against central finite differences, and the tied embedding's two contributions.</summary>
public class TinyGptTests
{
    private const int Vocabulary = 7, HeadSize = 2, Width = 4 * HeadSize;

    /// <summary>
    /// A batch of windows and next characters, and parameters (each block's one after another) larger than GPT-2's initialisation so that every path
    /// (attention weights away from uniform, GELU off its linear part) carries a gradient worth checking.
    /// </summary>
    internal static (Tensor<int> Tokens, Tensor<int> Targets, Tensor<double>[] Parameters) Problem(int batch, int context, int seed, int layers = 2)
    {
        var random = new Random(seed);
        var tokens = Tensor.Create(Enumerable.Range(0, batch * context).Select(_ => random.Next(Vocabulary)).ToArray(), [batch, context]);
        var targets = Tensor.Create(Enumerable.Range(0, batch * context).Select(_ => random.Next(Vocabulary)).ToArray(), [batch * context]);
        Tensor<double> Weight(params int[] shape) => TestTensors.Random(random, shape, v => 0.4 * v);
        Tensor<double> Gain(int length) => TestTensors.Random(random, [length], v => 1 + 0.2 * v);
        var parameters = new List<Tensor<double>> { Weight(Vocabulary, Width), Weight(context, Width) };
        for (int layer = 0; layer < layers; layer++)
        {
            parameters.AddRange([Gain(Width), Weight(Width), Weight(Width, 3 * Width), Weight(3 * Width), Weight(Width, Width), Weight(Width),
                Gain(Width), Weight(Width), Weight(Width, 4 * Width), Weight(4 * Width), Weight(4 * Width, Width), Weight(Width)]);
        }
        parameters.AddRange([Gain(Width), Weight(Width)]);
        return (tokens, targets, parameters.ToArray());
    }

    private static double Loss(Tensor<int> x, Tensor<int> y, Tensor<double>[] p) => TinyGpt.Loss(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19], p[20], p[21], p[22], p[23], p[24], p[25], p[26], p[27]);

    private static (double Value, Tensor<double>[] Gradients) Gradients(Tensor<int> x, Tensor<int> y, Tensor<double>[] p)
    {
        var (value, gradients) = TinyGpt.LossValueAndGradients(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19], p[20], p[21], p[22], p[23], p[24], p[25], p[26], p[27]);
        IGradientSet<double> set = gradients;
        return (value, Enumerable.Range(0, set.Names.Count).Select(set.Gradient).ToArray());
    }

    [Theory]
    [InlineData(2, 5, 1)]
    [InlineData(3, 4, 2)]
    [InlineData(1, 1, 3)]
    public void GradientsMatchFiniteDifferences(int batch, int context, int seed)
    {
        var (x, y, p) = Problem(batch, context, seed);
        var (value, gradients) = Gradients(x, y, p);
        IGradientSet<double> names = new TinyGpt.LossGradients();

        Assert.Equal(Loss(x, y, p), value, 1e-12);
        Assert.Equal(p.Length, gradients.Length);
        for (int i = 0; i < p.Length; i++)
        {
            var numerical = GradientCheck.Numerical(t => Loss(x, y, t), p, i);
            GradientCheck.AssertClose(TestTensors.Values(gradients[i]), numerical, 1e-6, "d" + names.Names[i]);
        }
    }

    [Fact]
    public void ATiedEmbeddingGetsBothContributions()
    {
        var (x, y, p) = Problem(batch: 3, context: 4, seed: 4);
        var embedding = p[0];
        var (tiedValue, tied) = TinyGpt.TiedValueAndGradients(x, y, embedding);
        var (untiedValue, untied) = TinyGpt.UntiedValueAndGradients(x, y, embedding, TestTensors.Copy(embedding));

        Assert.Equal(untiedValue, tiedValue, 1e-12);
        var sum = TestTensors.Values(untied.Embedding).Zip(TestTensors.Values(untied.Output), (a, b) => a + b).ToArray();
        GradientCheck.AssertClose(TestTensors.Values(tied.Embedding), sum, 1e-12, "dEmbedding, both uses");
        var numerical = GradientCheck.Numerical(t => TinyGpt.Tied(x, y, t[0]), [embedding], 0);
        GradientCheck.AssertClose(TestTensors.Values(tied.Embedding), numerical, 1e-6, "dEmbedding");
    }

    [Fact]
    public void ATrainingStepAllocatesNothing()
    {
        var (x, y, p) = Problem(batch: 4, context: 16, seed: 5);
        var gradients = new TinyGpt.LossGradients();
        void Step() => TinyGpt.LossBackward(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19], p[20], p[21], p[22], p[23], p[24], p[25], p[26], p[27], gradients);
        Step();
        SteadyStateAllocation.AssertNone(Step);
    }
}
