using AutoDiffGen.Benchmarks.Makemore;
using AutoDiffGen.Benchmarks.Peers.Makemore;
using AutoDiffGen.Benchmarks.Peers.Torch;
using TorchSharp;

namespace AutoDiffGen.Benchmarks.Peers.Comparisons;

/// <summary>
/// The generated gradients in double against libtorch's float64 autograd on the same problem: agreement to
/// rounding, parameter by parameter (not timed).
/// </summary>
public sealed record DoubleGradientCheck(MakemoreSize Size, double TorchLoss, double GeneratedLoss, double[] Differences)
{
    public double Largest => Differences.Max();

    public static DoubleGradientCheck Run(MakemoreSize size)
    {
        var problem = new MakemoreProblem(size);
        var wide = new MakemoreProblemDouble(problem);
        var gradients = new MakemoreNetworkDouble.LossGradients();
        double generatedLoss = wide.GeneratedStep(gradients);
        using var torchNetwork = new TorchMakemore(problem, torch.ScalarType.Float64);
        double torchLoss = torchNetwork.Step();
        System.Numerics.Tensors.Tensor<double>[] parameters = [gradients.Embedding, gradients.W1, gradients.B1, gradients.W2, gradients.B2, gradients.Gain, gradients.Bias];
        double[][] generated = parameters.Select(Elements.Of).ToArray();
        return new DoubleGradientCheck(size, torchLoss, generatedLoss, GradientDifference.Relative(generated, torchNetwork.Gradients()));
    }
}
