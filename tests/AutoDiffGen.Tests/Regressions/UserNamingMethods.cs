using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Regressions;

/// <summary>
/// Methods written with the names people use — capitals as in the math (X, W1, T), names differing only in case,
/// keywords — whose generated code has to compile and be right whatever the names.
/// </summary>
public static partial class UserNamingMethods
{
    /// <summary>Linear regression in the textbook's letters: the product's name, XTheta, is already capitalised.</summary>
    [Differentiable]
    public static double LinReg([Shape("M, P")] Tensor<double> X, [Shape("P, 1")] Tensor<double> theta, [Shape("M, 1")] Tensor<double> y)
    {
        var r = X.MatMul(theta) - y;
        return r.Transpose().MatMul(r).Sum() / (2.0 * X.Lengths[0]);
    }

    [Differentiable]
    public static double SigmoidLayer([Shape("N, D")] Tensor<double> X, [Shape("D, H")] Tensor<double> W1) => X.MatMul(W1).Sigmoid().Sum();

    /// <summary>Targets called T, the name of a type parameter in most generic code.</summary>
    [Differentiable]
    public static double Targets([Shape("N, C")] Tensor<double> logits, [NoDiff, Shape("N, C")] Tensor<double> T) => (logits - T).Square().Mean();

    [Differentiable]
    public static double ReluLayer([Shape("N, D")] Tensor<double> X, [Shape("D, H")] Tensor<double> w, [Shape("H")] Tensor<double> b)
        => (X.MatMul(w) + b).Relu().Sum();

    /// <summary>Two parameters whose names differ only in case, read by the same fused loop.</summary>
    [Differentiable]
    public static double CaseOnly([Shape("N, D")] Tensor<double> x, [Shape("N, D")] Tensor<double> X) => (x * X + x.Tanh() * X.Exp()).Sum();

    /// <summary>A function of numbers whose parameters are keywords.</summary>
    [Differentiable]
    public static double KeywordScalars(double @class, double @default) => Math.Pow(@class, 3) * @default + Math.Sin(@default);

    /// <summary>Locals named like what the generated code declares: its fields, its loop's members and its locals.</summary>
    [Differentiable]
    public static double OwnNames([Shape("N, D")] Tensor<double> _offset, [Shape("D")] Tensor<double> Compute, [Shape("N, D")] Tensor<double> TSimd)
    {
        var _allocated = (_offset * Compute).Tanh();
        var BeginRow = _allocated * TSimd + Compute;
        var i = BeginRow.Exp().Sum(axis: 1, keepDims: true);
        var _sizeN = (BeginRow - i.Log()).Square();
        return _sizeN.Sum();
    }
}
