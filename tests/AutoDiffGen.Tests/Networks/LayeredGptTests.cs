using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;
using AutoDiffGen.Training;

namespace AutoDiffGen.Tests.Networks;

/// <summary>
/// Loops differentiated as loops: the GPT with stacked block weights against the same GPT written out block by block,
/// and against central finite differences; a recurrent network over time steps; a loop that runs zero times.
/// </summary>
public class LayeredGptTests
{
    private const int PerBlock = 12;

    /// <summary>The blocks' weights of each kind stacked along a new first axis: embeddings, 12 stacks, final LayerNorm.</summary>
    internal static Tensor<double>[] Stacked(Tensor<double>[] blocks, int layers)
    {
        var stacked = new List<Tensor<double>> { blocks[0], blocks[1] };
        for (int kind = 0; kind < PerBlock; kind++)
        {
            var layer = Enumerable.Range(0, layers).Select(l => blocks[2 + l * PerBlock + kind]).ToArray();
            stacked.Add(Tensor.Create(layer.SelectMany(TestTensors.Values).ToArray(), [layers, .. layer[0].Lengths.ToArray()]));
        }
        stacked.AddRange(blocks[^2..]);
        return stacked.ToArray();
    }

    private static double Loss(Tensor<int> x, Tensor<int> y, Tensor<double>[] p) => LayeredGpt.Loss(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);

    private static (double Value, Tensor<double>[] Gradients) Gradients(Tensor<int> x, Tensor<int> y, Tensor<double>[] p, LayeredGpt.LossGradients? into = null)
    {
        into ??= new LayeredGpt.LossGradients();
        double value = LayeredGpt.LossBackward(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], into);
        IGradientSet<double> set = into;
        return (value, Enumerable.Range(0, set.Names.Count).Select(set.Gradient).ToArray());
    }

    [Fact]
    public void TheLoopGivesTheNumbersOfTheBlocksWrittenOut()
    {
        var (x, y, blocks) = TinyGptTests.Problem(batch: 3, context: 4, seed: 11);
        var (unrolledValue, unrolled) = TinyGpt.LossValueAndGradients(x, y, blocks[0], blocks[1], blocks[2], blocks[3], blocks[4], blocks[5], blocks[6], blocks[7], blocks[8], blocks[9], blocks[10], blocks[11], blocks[12], blocks[13], blocks[14], blocks[15], blocks[16], blocks[17], blocks[18], blocks[19], blocks[20], blocks[21], blocks[22], blocks[23], blocks[24], blocks[25], blocks[26], blocks[27]);
        IGradientSet<double> written = unrolled;
        var stacked = Stacked(blocks, layers: 2);

        var (value, gradients) = Gradients(x, y, stacked);

        Assert.Equal(unrolledValue, value, 1e-12);
        Assert.Equal(unrolledValue, Loss(x, y, stacked), 1e-12);
        GradientCheck.AssertClose(TestTensors.Values(gradients[0]), TestTensors.Values(written.Gradient(0)), 1e-12, "dTokenEmbedding");
        GradientCheck.AssertClose(TestTensors.Values(gradients[1]), TestTensors.Values(written.Gradient(1)), 1e-12, "dPositionEmbedding");
        for (int kind = 0; kind < PerBlock; kind++)
        {
            var expected = Enumerable.Range(0, 2).SelectMany(l => TestTensors.Values(written.Gradient(2 + l * PerBlock + kind))).ToArray();
            GradientCheck.AssertClose(TestTensors.Values(gradients[2 + kind]), expected, 1e-12, "d" + ((IGradientSet<double>)new LayeredGpt.LossGradients()).Names[2 + kind]);
        }
        GradientCheck.AssertClose(TestTensors.Values(gradients[^1]), TestTensors.Values(written.Gradient(27)), 1e-12, "dLnFinalBias");
    }

    [Theory]
    [InlineData(2, 3, 3, 12)]
    [InlineData(1, 2, 1, 13)]
    public void GradientsMatchFiniteDifferences(int batch, int context, int layers, int seed)
    {
        var (x, y, blocks) = TinyGptTests.Problem(batch, context, seed, layers);
        var p = Stacked(blocks, layers);
        var (value, gradients) = Gradients(x, y, p);
        IGradientSet<double> names = new LayeredGpt.LossGradients();

        Assert.Equal(Loss(x, y, p), value, 1e-12);
        for (int i = 0; i < p.Length; i++)
        {
            var numerical = GradientCheck.Numerical(t => Loss(x, y, t), p, i);
            GradientCheck.AssertClose(TestTensors.Values(gradients[i]), numerical, 1e-6, "d" + names.Names[i]);
        }
    }

    [Fact]
    public void ATrainingStepAllocatesNothing()
    {
        var (x, y, blocks) = TinyGptTests.Problem(batch: 4, context: 8, seed: 14, layers: 3);
        var p = Stacked(blocks, 3);
        var gradients = new LayeredGpt.LossGradients();
        void Step() => Gradients(x, y, p, gradients);
        Step();
        SteadyStateAllocation.AssertNone(() => LayeredGpt.LossBackward(x, y, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], gradients));
    }

    private static (Tensor<double>[] Parameters, Tensor<int> Targets) Recurrence(int steps, int seed)
    {
        const int batch = 3, inputs = 4, hidden = 5, classes = 3;
        var random = new Random(seed);
        var parameters = new[]
        {
            TestTensors.Random(random, [steps, batch, inputs], v => v),
            TestTensors.Random(random, [batch, hidden], v => 0.5 * v),
            TestTensors.Random(random, [inputs, hidden], v => 0.5 * v),
            TestTensors.Random(random, [hidden, hidden], v => 0.5 * v),
            TestTensors.Random(random, [hidden], v => 0.2 * v),
            TestTensors.Random(random, [hidden, classes], v => v),
        };
        return (parameters, Tensor.Create(Enumerable.Range(0, batch).Select(_ => random.Next(classes)).ToArray(), [batch]));
    }

    [Theory]
    [InlineData(4, 21)]
    [InlineData(1, 22)]
    [InlineData(0, 23)]
    public void ARecurrentNetworkOverTimeStepsMatchesFiniteDifferences(int steps, int seed)
    {
        var (p, targets) = Recurrence(steps, seed);
        double Loss(Tensor<double>[] t) => LayeredGpt.Recurrent(t[0], t[1], t[2], t[3], t[4], t[5], targets);
        var (value, gradients) = LayeredGpt.RecurrentValueAndGradients(p[0], p[1], p[2], p[3], p[4], p[5], targets);
        IGradientSet<double> set = gradients;

        Assert.Equal(Loss(p), value, 1e-12);
        for (int i = 0; i < p.Length; i++)
        {
            var numerical = GradientCheck.Numerical(Loss, p, i);
            GradientCheck.AssertClose(TestTensors.Values(set.Gradient(i)), numerical, 1e-6, "d" + set.Names[i]);
        }
    }

    [Theory]
    [InlineData(3, 31)]
    [InlineData(1, 32)]
    public void AnLstmCarryingItsTwoStatesAsOneTensorMatchesFiniteDifferences(int steps, int seed)
    {
        const int batch = 2, inputs = 3, hidden = 4, classes = 3;
        var random = new Random(seed);
        Tensor<double>[] p =
        [
            TestTensors.Random(random, [steps, batch, inputs], v => v),
            TestTensors.Random(random, [batch, 2 * hidden], v => 0.5 * v),
            TestTensors.Random(random, [inputs, 4 * hidden], v => 0.5 * v),
            TestTensors.Random(random, [hidden, 4 * hidden], v => 0.5 * v),
            TestTensors.Random(random, [4 * hidden], v => 0.2 * v),
            TestTensors.Random(random, [hidden, classes], v => v),
        ];
        var targets = Tensor.Create(Enumerable.Range(0, batch).Select(_ => random.Next(classes)).ToArray(), [batch]);
        double Loss(Tensor<double>[] t) => LayeredGpt.Lstm(t[0], t[1], t[2], t[3], t[4], t[5], targets);
        var (value, gradients) = LayeredGpt.LstmValueAndGradients(p[0], p[1], p[2], p[3], p[4], p[5], targets);
        IGradientSet<double> set = gradients;

        Assert.Equal(Loss(p), value, 1e-12);
        for (int i = 0; i < p.Length; i++)
            GradientCheck.AssertClose(TestTensors.Values(set.Gradient(i)), GradientCheck.Numerical(Loss, p, i), 1e-6, "d" + set.Names[i]);
    }

    [Fact]
    public void TwoLoopsInARowWithIndicesReadPerStepMatchFiniteDifferences()
    {
        var random = new Random(51);
        var tokens = Tensor.Create(Enumerable.Range(0, 3 * 2).Select(_ => random.Next(5)).ToArray(), [3, 2]);
        Tensor<double>[] p = [TestTensors.Random(random, [5, 4], v => v), TestTensors.Random(random, [4, 4], v => 0.4 * v), TestTensors.Random(random, [2, 4], v => v)];
        double Loss(Tensor<double>[] t) => LayeredGpt.TwoLoops(tokens, t[0], t[1], t[2]);
        var (value, gradients) = LayeredGpt.TwoLoopsValueAndGradients(tokens, p[0], p[1], p[2]);
        IGradientSet<double> set = gradients;

        Assert.Equal(Loss(p), value, 1e-12);
        for (int i = 0; i < p.Length; i++)
            GradientCheck.AssertClose(TestTensors.Values(set.Gradient(i)), GradientCheck.Numerical(Loss, p, i), 1e-6, "d" + set.Names[i]);

        // An index out of the table's range is refused, naming the stack it came from.
        var bad = Tensor.Create(new[] { 0, 1, 2, 3, 4, 9 }, [3, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => LayeredGpt.TwoLoopsValueAndGradients(bad, p[0], p[1], p[2]));
    }

    [Fact]
    public void SharedScalarsGetTheSumOfEveryIterationsGradient()
    {
        var random = new Random(61);
        var x = TestTensors.Random(random, [4], v => v);
        var y = TestTensors.Random(random, [4], v => 0.3 * v);
        const double h = 0.7;
        var (value, gradients) = LayeredGpt.SharedScalarsValueAndGradients(x, y, h);

        Assert.Equal(LayeredGpt.SharedScalars(x, y, h), value, 1e-12);
        GradientCheck.AssertClose(TestTensors.Values(gradients.X), GradientCheck.Numerical(t => LayeredGpt.SharedScalars(t[0], y, h), [x], 0), 1e-7, "dX");
        GradientCheck.AssertClose(TestTensors.Values(gradients.Y), GradientCheck.Numerical(t => LayeredGpt.SharedScalars(x, t[0], h), [y], 0), 1e-7, "dY");
        var dh = GradientCheck.Numerical(v => LayeredGpt.SharedScalars(x, y, v[0]), [h]);
        Assert.Equal(dh[0], gradients.H, 1e-7);
    }

    [Fact]
    public void ABodyReadsChunkPartsChangesALayerInPlaceAndComputesAnInt()
    {
        var random = new Random(71);
        Tensor<double>[] p = [TestTensors.Random(random, [3, 4], v => 0.5 * v), TestTensors.Random(random, [3, 2], v => 0.2 * v), TestTensors.Random(random, [2, 2, 2], v => 0.5 * v)];
        double Loss(Tensor<double>[] t) => LayeredGpt.BodyForms(t[0], t[1], t[2]);
        var (value, gradients) = LayeredGpt.BodyFormsValueAndGradients(p[0], p[1], p[2]);
        IGradientSet<double> set = gradients;

        Assert.Equal(Loss(p), value, 1e-12);
        for (int i = 0; i < p.Length; i++)
            GradientCheck.AssertClose(TestTensors.Values(set.Gradient(i)), GradientCheck.Numerical(Loss, p, i), 1e-6, "d" + set.Names[i]);
    }

    [Fact]
    public void IndicesReadPerStepAreCheckedOnEntryBeforeAnythingIsWritten()
    {
        var random = new Random(72);
        Tensor<double>[] p = [TestTensors.Random(random, [5, 4], v => v), TestTensors.Random(random, [4, 4], v => 0.4 * v), TestTensors.Random(random, [2, 4], v => v)];
        var gradients = new LayeredGpt.TwoLoopsGradients();
        var good = Tensor.Create(new[] { 0, 1, 2, 3, 4, 0 }, [3, 2]);
        LayeredGpt.TwoLoopsBackward(good, p[0], p[1], p[2], gradients);
        var before = TestTensors.Values(gradients.Embedding);

        // The last step's index is out of range: nothing of the gradients object may change before it is refused.
        var bad = Tensor.Create(new[] { 0, 1, 2, 3, 4, 9 }, [3, 2]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LayeredGpt.TwoLoopsBackward(bad, p[0], p[1], p[2], gradients));
        Assert.Contains("tokens", error.Message);
        Assert.Equal(before, TestTensors.Values(gradients.Embedding));
    }
}
