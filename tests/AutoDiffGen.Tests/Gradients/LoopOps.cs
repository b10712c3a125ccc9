using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// Layers of a stack, and loops over them: a residual through batched products with a shared, broadcast scale; a
// rank-4 tensor through a literal count of layers, each broadcast; a constant layer outside any loop.
public static partial class DoubleOps
{
    [Differentiable]
    public static Tensor<double> LoopResidual([Shape("B, C, C")] Tensor<double> x, [Shape("A, C, C")] Tensor<double> w, [Shape("C")] Tensor<double> scale)
    {
        for (int l = 0; l < w.Lengths[0]; l++)
            x = x + x.MatMul(w.Layer(l)).Tanh() * scale;
        return x;
    }

    [Differentiable]
    public static double LoopRank4([Shape("A, B, C, 2")] Tensor<double> x, [Shape("3, C, 1")] Tensor<double> gain)
    {
        for (int l = 0; l < 3; l++)
            x = (x * gain.Layer(l)).Sin() + x * l;
        return x.Square().Sum();
    }

    [Differentiable]
    public static Tensor<double> ConstantLayer([Shape("A, B, C")] Tensor<double> x, [Shape("C")] Tensor<double> bias)
        => x.Layer(1).Exp() + bias;
}

public static partial class SingleOps
{
    [Differentiable]
    public static Tensor<float> LoopResidual([Shape("B, C, C")] Tensor<float> x, [Shape("A, C, C")] Tensor<float> w, [Shape("C")] Tensor<float> scale)
    {
        for (int l = 0; l < w.Lengths[0]; l++)
            x = x + x.MatMul(w.Layer(l)).Tanh() * scale;
        return x;
    }

    [Differentiable]
    public static float LoopRank4([Shape("A, B, C, 2")] Tensor<float> x, [Shape("3, C, 1")] Tensor<float> gain)
    {
        for (int l = 0; l < 3; l++)
            x = (x * gain.Layer(l)).Sin() + x * l;
        return x.Square().Sum();
    }

    [Differentiable]
    public static Tensor<float> ConstantLayer([Shape("A, B, C")] Tensor<float> x, [Shape("C")] Tensor<float> bias)
        => x.Layer(1).Exp() + bias;
}
