using AutoDiffGen.Benchmarks.Makemore;
using AutoDiffGen.Benchmarks.Peers.Timing;
using AutoDiffGen.Benchmarks.Peers.Torch;
using TorchSharp;

namespace AutoDiffGen.Benchmarks.Peers.Comparisons;

/// <summary>One makemore forward-and-backward step at one size, generated against TorchSharp in float32.</summary>
/// <param name="GradientDifference">The largest relative gradient difference (float32 both sides), see <see cref="Comparisons.GradientDifference"/>.</param>
public sealed record StepComparison(MakemoreSize Size, Timings Torch, Timings Generated, double TorchLoss, float GeneratedLoss, double GradientDifference)
{
    /// <summary>How many times faster the generated step is.</summary>
    public double SpeedUp => Torch.Median / Generated.Median;

    public static StepComparison Run(MakemoreSize size, PairedTimer timer)
    {
        var problem = new MakemoreProblem(size);
        var gradients = new MakemoreNetwork.LossGradients();
        using var torchNetwork = new TorchMakemore(problem, torch.ScalarType.Float32);

        // Checked before timing: both compute the same loss and gradients.
        float generatedLoss = problem.GeneratedStep(gradients);
        double torchLoss = torchNetwork.Step();
        double[][] generatedGradients = [.. Gradients(gradients).Select(g => Elements.Of(g).Select(x => (double)x).ToArray())];
        double difference = Comparisons.GradientDifference.Relative(generatedGradients, torchNetwork.Gradients()).Max();
        if (Math.Abs(generatedLoss - torchLoss) > 1e-4 * Math.Abs(torchLoss) || difference > 1e-3)
            throw new InvalidOperationException($"{size.Name}: the two do not agree (loss {generatedLoss} against {torchLoss}, gradients {difference:E2})");

        var (torchTimes, generatedTimes) = timer.Measure(() => torchNetwork.Step(), () => problem.GeneratedStep(gradients));
        return new StepComparison(size, torchTimes, generatedTimes, torchLoss, generatedLoss, difference);
    }

    private static System.Numerics.Tensors.Tensor<float>[] Gradients(MakemoreNetwork.LossGradients g) => [g.Embedding, g.W1, g.B1, g.W2, g.B2, g.Gain, g.Bias];
}
