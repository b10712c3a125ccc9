using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Regressions;

/// <summary>Methods the generator's property-based test found wrong, kept as they were reduced.</summary>
public static partial class FuzzFoundMethods
{
    /// <summary>A rank-4 broadcast whose operand repeats a symbol along axes that are merged in the loop.</summary>
    [Differentiable]
    public static Tensor<double> RepeatedSymbolBroadcast([Shape("N, D, N, N")] Tensor<double> x, [Shape("N, 1, 1, N")] Tensor<double> w)
        => x + w.Tanh();

    /// <summary>LogSumExp along the middle axis of a rank-3 tensor whose middle length is a product.</summary>
    [Differentiable]
    public static double MiddleAxisLogSumExp([Shape("N, D")] Tensor<double> x, [Shape("N, 2*N, D")] Tensor<double> b)
        => x.Sin().Tanh().Mse(b.LogSumExp(1));

    /// <summary>A scalar parameter spelled like a shape symbol, multiplied by a length of that symbol.</summary>
    [Differentiable]
    public static double ScalarNamedLikeASymbol([Shape("N, D")] Tensor<double> x, double D) => (x * D).Sum() + x.Lengths[1] * D;

    [Differentiable]
    public static double Apply([Shape("N")] Tensor<double> h, [Shape("N")] Tensor<double> p) => (h * p.Exp()).Sum();

    /// <summary>A scalar-valued helper, its arguments named out of order, inside a Math call.</summary>
    [Differentiable]
    public static double TanhOfHelper([Shape("N")] Tensor<double> h, [Shape("N")] Tensor<double> q) => Math.Tanh(Apply(p: q, h: h));
}
