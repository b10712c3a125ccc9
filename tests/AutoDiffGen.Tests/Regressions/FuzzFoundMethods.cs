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
}
