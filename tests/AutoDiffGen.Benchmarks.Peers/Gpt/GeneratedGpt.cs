using System.Numerics.Tensors;
using AutoDiffGen.Samples.Gpt;
using AutoDiffGen.Tests.Networks;
using AutoDiffGen.Training;

namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary>
/// A generated forward-and-backward pass bound to one problem's tensors, in float or in double. It keeps one
/// gradients object, so after the first step the workspace fits and is reused, as in a training loop.
/// </summary>
public sealed class GeneratedGpt
{
    private readonly Action _step;
    private readonly Func<double> _value;
    private readonly Func<double[][]> _gradients;

    private GeneratedGpt(Action step, Func<double> value, object gradients, Func<double[][]> gradientValues)
    {
        (_step, _value, Workspace, _gradients) = (step, value, gradients, gradientValues);
    }

    /// <summary>The generated gradients object: the gradient tensors and the private workspace behind them.</summary>
    public object Workspace { get; }

    /// <summary>One forward and backward pass; the gradients are overwritten.</summary>
    public void Step() => _step();

    /// <summary>
    /// What the last step computed: the loss, or for a block Σ y⊙G, the scalar whose gradient its vector-Jacobian
    /// product with G is.
    /// </summary>
    public double Value => _value();

    /// <summary>The gradients of the last step, in the order of the problem's parameters, widened to double.</summary>
    public double[][] Gradients() => _gradients();

    public static GeneratedGpt Float32(GptProblem problem)
    {
        var p = problem.Parameters;
        var size = problem.Size;
        if (size.WholeModel)
        {
            var (tokens, targets) = (problem.Tokens!, problem.Targets!);
            float loss = 0;
            switch (size.Layers)
            {
                case 2:
                {
                    var g = new Model.LossGradients();
                    return new(() => loss = Model.LossBackward(tokens, targets, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19], p[20], p[21], p[22], p[23], p[24], p[25], p[26], p[27], g), () => loss, g, () => Read(g, problem));
                }
                case 4:
                {
                    var g = new FourBlockGpt.LossGradients();
                    return new(() => loss = FourBlockGpt.LossBackward(tokens, targets, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19], p[20], p[21], p[22], p[23], p[24], p[25], p[26], p[27], p[28], p[29], p[30], p[31], p[32], p[33], p[34], p[35], p[36], p[37], p[38], p[39], p[40], p[41], p[42], p[43], p[44], p[45], p[46], p[47], p[48], p[49], p[50], p[51], g), () => loss, g, () => Read(g, problem));
                }
            }
        }
        else
        {
            var outputGradient = problem.OutputGradient!;
            var y = Tensor<float>.Empty;
            switch (size.Heads)
            {
                case 6:
                {
                    var g = new WideBlocks.Block6Gradients();
                    return new(() => y = WideBlocks.Block6Backward(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], outputGradient, g), () => Dot(y, outputGradient), g, () => Read(g, problem));
                }
                case 12:
                {
                    var g = new WideBlocks.Block12Gradients();
                    return new(() => y = WideBlocks.Block12Backward(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], outputGradient, g), () => Dot(y, outputGradient), g, () => Read(g, problem));
                }
            }
        }
        throw new NotSupportedException($"No generated method for {size}.");
    }

    /// <summary>The same pass in double, over the problem's values widened exactly.</summary>
    public static GeneratedGpt Float64(GptProblem problem)
    {
        var p = problem.Parameters.Select(Widen).ToArray();
        var size = problem.Size;
        if (size.WholeModel)
        {
            var (tokens, targets) = (problem.Tokens!, problem.Targets!);
            double loss = 0;
            switch (size.Layers)
            {
                case 2:
                {
                    var g = new TinyGpt.LossGradients();
                    return new(() => loss = TinyGpt.LossBackward(tokens, targets, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19], p[20], p[21], p[22], p[23], p[24], p[25], p[26], p[27], g), () => loss, g, () => Read(g, problem));
                }
                case 4:
                {
                    var g = new FourBlockGptDouble.LossGradients();
                    return new(() => loss = FourBlockGptDouble.LossBackward(tokens, targets, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17], p[18], p[19], p[20], p[21], p[22], p[23], p[24], p[25], p[26], p[27], p[28], p[29], p[30], p[31], p[32], p[33], p[34], p[35], p[36], p[37], p[38], p[39], p[40], p[41], p[42], p[43], p[44], p[45], p[46], p[47], p[48], p[49], p[50], p[51], g), () => loss, g, () => Read(g, problem));
                }
            }
        }
        else
        {
            var outputGradient = Widen(problem.OutputGradient!);
            var y = Tensor<double>.Empty;
            switch (size.Heads)
            {
                case 6:
                {
                    var g = new WideBlocksDouble.Block6Gradients();
                    return new(() => y = WideBlocksDouble.Block6Backward(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], outputGradient, g), () => Dot(y, outputGradient), g, () => Read(g, problem));
                }
                case 12:
                {
                    var g = new WideBlocksDouble.Block12Gradients();
                    return new(() => y = WideBlocksDouble.Block12Backward(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], outputGradient, g), () => Dot(y, outputGradient), g, () => Read(g, problem));
                }
            }
        }
        throw new NotSupportedException($"No generated method for {size}.");
    }

    /// <summary>The gradients by the generated class's own names, checked against the problem's.</summary>
    private static double[][] Read<T>(IGradientSet<T> gradients, GptProblem problem)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (!gradients.Names.SequenceEqual(problem.ParameterNames))
            throw new InvalidOperationException($"The generated gradients are [{string.Join(", ", gradients.Names)}], the problem's parameters [{string.Join(", ", problem.ParameterNames)}].");
        return Enumerable.Range(0, gradients.Names.Count).Select(i => Elements.Of(gradients.Gradient(i)).Select(double.CreateTruncating).ToArray()).ToArray();
    }

    private static double Dot<T>(Tensor<T> a, Tensor<T> b)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        => Elements.Of(a).Zip(Elements.Of(b), (x, y) => double.CreateTruncating(x) * double.CreateTruncating(y)).Sum();

    private static Tensor<double> Widen(Tensor<float> tensor)
        => Tensor.Create(Elements.Of(tensor).Select(x => (double)x).ToArray(), tensor.Lengths);
}
