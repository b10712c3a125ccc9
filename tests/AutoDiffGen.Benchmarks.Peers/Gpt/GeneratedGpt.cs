using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Tests.Networks;
using AutoDiffGen.Training;

namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary>
/// A generated forward-and-backward pass of the whole model bound to one problem's tensors, in float or in double.
/// It keeps one gradients object, so after the first step the workspace fits and is reused, as in a training loop.
/// </summary>
public sealed class GeneratedGpt
{
    private readonly Action _step;
    private readonly Func<double> _loss;
    private readonly Func<double[][]> _gradients;

    private GeneratedGpt(Action step, Func<double> loss, object gradients, Func<double[][]> gradientValues)
    {
        (_step, _loss, Workspace, _gradients) = (step, loss, gradients, gradientValues);
    }

    /// <summary>The generated loss's backward pass in either precision: the batch, the 16 parameters, the head count, the gradients.</summary>
    private delegate T Backward<T, in TGradients>(Tensor<int> tokens, Tensor<int> targets,
        Tensor<T> tokenEmbedding, Tensor<T> positionEmbedding, Tensor<T> ln1Gain, Tensor<T> ln1Bias, Tensor<T> qkvWeight, Tensor<T> qkvBias,
        Tensor<T> projWeight, Tensor<T> projBias, Tensor<T> ln2Gain, Tensor<T> ln2Bias, Tensor<T> fcWeight, Tensor<T> fcBias,
        Tensor<T> outWeight, Tensor<T> outBias, Tensor<T> lnFinalGain, Tensor<T> lnFinalBias, int heads, TGradients gradients);

    /// <summary>The generated gradients object: the gradient tensors and the private workspace behind them.</summary>
    public object Workspace { get; }

    /// <summary>One forward and backward pass; the gradients are overwritten.</summary>
    public void Step() => _step();

    /// <summary>The loss the last step computed.</summary>
    public double Loss => _loss();

    /// <summary>The gradients of the last step, in the order of the problem's parameters, widened to double.</summary>
    public double[][] Gradients() => _gradients();

    /// <summary>The pass in float.</summary>
    public static GeneratedGpt Float32(GptProblem problem)
        => Bind<float, GptModel.LossGradients>(problem, problem.Parameters, GptModel.LossBackward);

    /// <summary>The same pass in double, over the problem's values widened exactly.</summary>
    public static GeneratedGpt Float64(GptProblem problem)
        => Bind<double, HeadsGpt.LossGradients>(problem, problem.Parameters.Select(Widen).ToArray(), HeadsGpt.LossBackward);

    private static GeneratedGpt Bind<T, TGradients>(GptProblem problem, IReadOnlyList<Tensor<T>> p, Backward<T, TGradients> backward)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TGradients : IGradientSet<T>, new()
    {
        var (tokens, targets, heads, gradients) = (problem.Tokens, problem.Targets, problem.Size.Heads, new TGradients());
        T loss = T.Zero;
        return new(() => loss = backward(tokens, targets, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], heads, gradients),
            () => double.CreateTruncating(loss), gradients, () => Read(gradients, problem));
    }

    /// <summary>The gradients by the generated class's own names, checked against the problem's.</summary>
    private static double[][] Read<T>(IGradientSet<T> gradients, GptProblem problem)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!gradients.Names.SequenceEqual(problem.ParameterNames))
            throw new InvalidOperationException($"The generated gradients are [{string.Join(", ", gradients.Names)}], the problem's parameters [{string.Join(", ", problem.ParameterNames)}].");
        return Enumerable.Range(0, gradients.Names.Count).Select(i => Elements.Of(gradients.Gradient(i)).Select(double.CreateTruncating).ToArray()).ToArray();
    }

    private static Tensor<double> Widen(Tensor<float> tensor)
        => Tensor.Create(Elements.Of(tensor).Select(x => (double)x).ToArray(), tensor.Lengths);
}
