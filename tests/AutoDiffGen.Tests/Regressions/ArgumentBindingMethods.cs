using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Regressions;

/// <summary>Calls whose arguments are named and written out of order: each must be bound to its parameter.</summary>
public static partial class ArgumentBindingMethods
{
    [Differentiable]
    public static double LayerNormNamed([Shape("N, D")] Tensor<double> x, [Shape("D")] Tensor<double> g, [Shape("D")] Tensor<double> b)
        => x.LayerNorm(bias: b, gain: g, epsilon: 1e-5).Square().Sum();

    [Differentiable]
    public static double BatchNormNamed([Shape("N, D")] Tensor<double> x, [Shape("D")] Tensor<double> g, [Shape("D")] Tensor<double> b)
        => x.BatchNorm(correction: 1, bias: b, epsilon: 1e-3, gain: g).Tanh().Sum();

    /// <summary>Asymmetric in its operands, so swapping them changes the value.</summary>
    [Differentiable]
    public static double Scale([Shape("N")] Tensor<double> a, [Shape("N")] Tensor<double> b) => (a.Exp() * b).Sum();

    [Differentiable]
    public static double InlinedNamed([Shape("N")] Tensor<double> p, [Shape("N")] Tensor<double> q) => Scale(b: q, a: p);

    [Differentiable]
    public static double ReductionsNamed([Shape("N, D")] Tensor<double> x)
    {
        var rowSums = x.Sum(keepDims: true, axis: 1);
        var columnMeans = x.Mean(keepDims: true, axis: 0);
        var largest = x.Max(keepDims: true, axis: 1);
        var spread = x.Var(correction: 0, keepDims: true, axis: 0);
        var lse = x.LogSumExp(keepDims: true, axis: 1);
        return (x * rowSums + columnMeans * largest + spread * lse).Sum();
    }

    [Differentiable]
    public static double ScalarNamed(double s, double t) => Math.Pow(y: 3.0, x: s) * t + Math.Pow(y: 2.0, x: t + 1);
}
