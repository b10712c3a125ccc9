using System.Numerics.Tensors;
using AutoDiffGen.Benchmarks.Makemore;

namespace AutoDiffGen.Benchmarks.Peers.Makemore;

/// <summary>A <see cref="MakemoreProblem"/> widened to double: the same batch, the same parameter values exactly.</summary>
public sealed class MakemoreProblemDouble(MakemoreProblem problem)
{
    private readonly Tensor<double>[] _parameters = problem.Parameters.Select(Widen).ToArray();

    /// <summary>Every parameter, in the order of the network's signature.</summary>
    public IReadOnlyList<Tensor<double>> Parameters => _parameters;

    /// <summary>The generated forward and backward pass in double.</summary>
    public double GeneratedStep(MakemoreNetworkDouble.LossGradients gradients)
    {
        var p = _parameters;
        return MakemoreNetworkDouble.LossBackward(problem.Contexts, problem.Targets, p[0], p[1], p[2], p[3], p[4], p[5], p[6], gradients);
    }

    private static Tensor<double> Widen(Tensor<float> tensor)
        => Tensor.Create(Elements.Of(tensor).Select(x => (double)x).ToArray(), tensor.Lengths);
}
