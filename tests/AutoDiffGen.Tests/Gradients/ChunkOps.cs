using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

// Chunk: equal parts along an axis, taken by deconstruction or by constant index; a part may go unused.
public static partial class DoubleOps
{
    [Differentiable]
    public static double ChunkDeconstructed([Shape("A, 3*C")] Tensor<double> x)
    {
        var (p, q, r) = x.Chunk(3, 1);
        return (p.Tanh() * q + r.Square()).Sum();
    }

    [Differentiable]
    public static Tensor<double> ChunkIndexed([Shape("2*A, B")] Tensor<double> x)
    {
        var parts = x.Chunk(2, 0);
        return parts[1] - parts[0].Exp();
    }

    [Differentiable]
    public static double ChunkRank4([Shape("A, B, 2*C, 2")] Tensor<double> x)
    {
        var (first, _) = x.Chunk(2, -2);
        return first.Sin().Sum() + x.Chunk(2, -2)[1].Square().Sum();
    }
}

public static partial class SingleOps
{
    [Differentiable]
    public static float ChunkDeconstructed([Shape("A, 3*C")] Tensor<float> x)
    {
        var (p, q, r) = x.Chunk(3, 1);
        return (p.Tanh() * q + r.Square()).Sum();
    }

    [Differentiable]
    public static Tensor<float> ChunkIndexed([Shape("2*A, B")] Tensor<float> x)
    {
        var parts = x.Chunk(2, 0);
        return parts[1] - parts[0].Exp();
    }

    [Differentiable]
    public static float ChunkRank4([Shape("A, B, 2*C, 2")] Tensor<float> x)
    {
        var (first, _) = x.Chunk(2, -2);
        return first.Sin().Sum() + x.Chunk(2, -2)[1].Square().Sum();
    }
}
