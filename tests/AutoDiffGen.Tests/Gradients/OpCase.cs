using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>The sizes a case's shape symbols take in one trial.</summary>
public sealed record Sizes(int A, int B, int C);

/// <summary>
/// One op under test, in both precisions: how to make its inputs, its eager forward pass (the user's own method),
/// and its generated backward pass. A scalar input or result travels as a one-element tensor.
/// </summary>
public sealed record OpCase
{
    public required string Name { get; init; }

    /// <summary>The inputs' shapes for the trial's sizes.</summary>
    public required Func<Sizes, int[][]> Shapes { get; init; }

    /// <summary>Sizes tried first, before the random ones: a case named in the specification, e.g. [5,1,4,1] + [3,1,1].</summary>
    public Sizes? Exact { get; init; }

    /// <summary>Maps a uniform sample in [-1.5, 1.5] into the op's domain (positive for Log, away from kinks for Relu, …).</summary>
    public Func<double, double> Domain { get; init; } = v => v;

    /// <summary>Whether the method returns a tensor, checked through its vector-Jacobian product.</summary>
    public required bool ReturnsTensor { get; init; }

    public required Func<Tensor<double>[], Tensor<double>> Eager { get; init; }

    /// <summary>The generated backward pass: the value and one gradient per input, given the output gradient for a tensor result.</summary>
    public required Func<Tensor<double>[], Tensor<double>?, (Tensor<double> Value, Tensor<double>[] Gradients)> Double { get; init; }

    public required Func<Tensor<float>[], Tensor<float>?, (Tensor<float> Value, Tensor<float>[] Gradients)> Single { get; init; }

    public override string ToString() => Name;
}
