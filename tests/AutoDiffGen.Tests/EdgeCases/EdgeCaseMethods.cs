using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.EdgeCases;

public static partial class EdgeCaseMethods
{
    /// <summary>The result is an argument itself: its VJP is the output gradient.</summary>
    [Differentiable]
    public static Tensor<double> Identity([Shape("N, D")] Tensor<double> x) => x;

#pragma warning disable ADG0301 // The constant result depends on nothing.
    [Differentiable]
    public static double Constant([Shape("N")] Tensor<double> x) => 3.5;
#pragma warning restore ADG0301

    /// <summary>Nothing to differentiate: every parameter is data.</summary>
    [Differentiable]
    public static double AllData([NoDiff, Shape("N")] Tensor<double> x, int n) => x.Sum() * n;

    [Differentiable]
    public static double IntegersOnly(int n, int m) => n * 2.0 + m / 3;

    /// <summary>One value used twice, and a parameter used three times.</summary>
    [Differentiable]
    public static double Twice([Shape("N")] Tensor<double> x) => (x * x + x).Sum();

    /// <summary>C# keywords as parameter names, and a shape symbol spelled like a parameter.</summary>
    [Differentiable]
    public static double Keywords([Shape("x, n")] Tensor<double> @class, [Shape("n")] Tensor<double> @event, [Shape("x")] Tensor<double> x)
        => (@class * @event).Sum() + x.Sum();

    /// <summary>Gradients of two parameters that are the same value (both a sum's operands).</summary>
    [Differentiable]
    public static Tensor<double> SameAdjoint([Shape("N")] Tensor<double> a, [Shape("N")] Tensor<double> b) => a + b;

    /// <summary>A scalar broadcast into a [1, 1] tensor and reduced back.</summary>
    [Differentiable]
    public static double Shrunk([Shape("1, 1")] Tensor<double> x, double s) => (x * s).Sum() + (x.Sum(axis: 0) * s).Sum();

    /// <summary>Rank 4 with broadcasting on every axis pattern.</summary>
    [Differentiable]
    public static double DeepBroadcast([Shape("A, 1, C, 1")] Tensor<double> a, [Shape("B, 1, D")] Tensor<double> b, [Shape("A, B, C, D")] Tensor<double> c)
        => ((a + b) * c).Tanh().Sum();

    /// <summary>Names the generated code uses itself, as shape symbols and parameters.</summary>
    [Differentiable]
    public static Tensor<double> OwnNames([Shape("row, i")] Tensor<double> gradients, [Shape("i, int")] Tensor<double> value,
        [Shape("row")] Tensor<double> outputGradient, double compute)
        => (gradients + compute).MatMul(value).Tanh() * outputGradient.Reshape(-1, 1);

    /// <summary>Large enough that its independent-element loops are split between threads.</summary>
    [Differentiable]
    public static Tensor<double> Wide([Shape("R, C")] Tensor<double> x, [NoDiff, Shape("R, 1")] Tensor<double> scale, [NoDiff, Shape("C")] Tensor<double> shift)
        => (x * scale + shift).Tanh();

    /// <summary>A linear layer with a [1, H] bias, added by the GEMM itself.</summary>
    [Differentiable]
    public static double LinearRowBias([Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w, [Shape("1, H")] Tensor<double> b)
        => (x.MatMul(w) + b).LogSoftmax(1).Mean();

    /// <summary>A linear layer whose product is read again after the bias is added: the product gets its own buffer.</summary>
    [Differentiable]
    public static double LinearReused([Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w, [Shape("H")] Tensor<double> b)
    {
        var z = x.MatMul(w);
        return (z + b).LogSoftmax(1).Mean() + z.Square().Mean();
    }

    /// <summary>A linear layer as the result itself: the GEMM with its bias epilogue writes the returned tensor.</summary>
    [Differentiable]
    public static Tensor<double> Affine([Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w, [Shape("H")] Tensor<double> b)
        => x.MatMul(w) + b;

    /// <summary>An operand of a linear layer modified in place between the product and its bias.</summary>
    [Differentiable]
    public static double InPlaceAfterProduct([Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w, [Shape("H")] Tensor<double> b)
    {
        var t = x * 2;
        var z = t.MatMul(w);
        t += 1;
        return (z + b).LogSoftmax(1).Mean() + t.Sum();
    }
}
