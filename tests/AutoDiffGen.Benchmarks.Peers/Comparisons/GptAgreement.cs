using AutoDiffGen.Benchmarks.Peers.Gpt;
using AutoDiffGen.Benchmarks.Peers.Torch;

namespace AutoDiffGen.Benchmarks.Peers.Comparisons;

/// <summary>
/// How closely one generated GPT step matches libtorch's on the same weights and batch, in one precision: the
/// relative difference of the value (the loss, or Σ y⊙G for a block) and, per parameter, that of its gradient (see
/// <see cref="GradientDifference.Relative"/>).
/// </summary>
public sealed record GptAgreement(double TorchValue, double GeneratedValue, IReadOnlyList<string> Names, double[] Differences)
{
    public double ValueDifference => Math.Abs(GeneratedValue - TorchValue) / Math.Abs(TorchValue);

    /// <summary>The largest difference, over the value and every gradient.</summary>
    public double Largest => Math.Max(ValueDifference, Differences.Max());

    /// <summary>Where <see cref="Largest"/> is: "value" or a parameter's name.</summary>
    public string Worst => ValueDifference >= Differences.Max() ? "value" : Names[Array.IndexOf(Differences, Differences.Max())];

    /// <summary>Runs one step on each side and compares them.</summary>
    public static GptAgreement Measure(GptProblem problem, GeneratedGpt generated, TorchGpt torch)
    {
        generated.Step();
        double torchValue = torch.Step();
        var differences = GradientDifference.Relative(generated.Gradients(), torch.Gradients(), problem.ParameterNames);
        return new GptAgreement(torchValue, generated.Value, problem.ParameterNames, differences);
    }
}
