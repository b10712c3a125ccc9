using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// Narrow and Concat: q, k and v out of one [A, B, 3*C] projection (three narrows of one tensor, whose adjoints add
// up), and tensors joined along an axis whose lengths add up to one size.
public static partial class DoubleOps
{
    [Differentiable]
    public static double NarrowThirds([Shape("A, B, 3*C")] Tensor<double> qkv, [Shape("C, 2")] Tensor<double> proj)
    {
        var c = proj.Lengths[0];
        var q = qkv.Narrow(2, 0, c);
        var k = qkv.Narrow(2, c, c);
        var v = qkv.Narrow(-1, 2 * c, c);
        return (q * k + v).MatMul(proj).Tanh().Sum();
    }

    [Differentiable]
    public static double ConcatParts([Shape("A, B")] Tensor<double> a, [Shape("A, 2*B")] Tensor<double> b, [Shape("3*B")] Tensor<double> w)
        => (TensorMath.Concat(1, a, b.Exp()) * w).Tanh().Sum();

    [Differentiable]
    public static Tensor<double> ConcatThenNarrow([Shape("3, B, C")] Tensor<double> a, [Shape("2, B, C")] Tensor<double> b)
        => TensorMath.Concat(0, a, b).Narrow(0, 2, 2).Square();
}

public static partial class SingleOps
{
    [Differentiable]
    public static float NarrowThirds([Shape("A, B, 3*C")] Tensor<float> qkv, [Shape("C, 2")] Tensor<float> proj)
    {
        var c = proj.Lengths[0];
        var q = qkv.Narrow(2, 0, c);
        var k = qkv.Narrow(2, c, c);
        var v = qkv.Narrow(-1, 2 * c, c);
        return (q * k + v).MatMul(proj).Tanh().Sum();
    }

    [Differentiable]
    public static float ConcatParts([Shape("A, B")] Tensor<float> a, [Shape("A, 2*B")] Tensor<float> b, [Shape("3*B")] Tensor<float> w)
        => (TensorMath.Concat(1, a, b.Exp()) * w).Tanh().Sum();

    [Differentiable]
    public static Tensor<float> ConcatThenNarrow([Shape("3, B, C")] Tensor<float> a, [Shape("2, B, C")] Tensor<float> b)
        => TensorMath.Concat(0, a, b).Narrow(0, 2, 2).Square();
}
