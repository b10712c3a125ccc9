using AutoDiffGen.Benchmarks.Peers.Gpt;
using AutoDiffGen.Benchmarks.Peers.Torch;

namespace AutoDiffGen.Benchmarks.Peers.Comparisons;

/// <summary>
/// How closely one generated GPT step matches libtorch's on the same weights and batch, in one precision: the
/// relative difference of the loss and, per parameter, that of its gradient (see <see cref="GradientDifference.Relative"/>).
/// </summary>
public sealed record GptAgreement(double TorchLoss, double GeneratedLoss, IReadOnlyList<string> Names, double[] Differences)
{
    public double LossDifference => Math.Abs(GeneratedLoss - TorchLoss) / Math.Abs(TorchLoss);

    /// <summary>The largest difference, over the loss and every gradient.</summary>
    public double Largest => Math.Max(LossDifference, Differences.Max());

    /// <summary>Where <see cref="Largest"/> is: "loss" or a parameter's name.</summary>
    public string Worst => LossDifference >= Differences.Max() ? "loss" : Names[Array.IndexOf(Differences, Differences.Max())];

    /// <summary>Runs one step on each side and compares them.</summary>
    public static GptAgreement Measure(GptProblem problem, GeneratedGpt generated, TorchGpt torch)
    {
        generated.Step();
        double torchLoss = torch.Step();
        var differences = GradientDifference.Relative(generated.Gradients(), torch.Gradients(), problem.ParameterNames);
        return new GptAgreement(torchLoss, generated.Loss, problem.ParameterNames, differences);
    }
}
