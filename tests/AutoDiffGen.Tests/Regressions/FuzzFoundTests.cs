using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;
using static AutoDiffGen.Tests.Regressions.Agreement;
using M = AutoDiffGen.Tests.Regressions.FuzzFoundMethods;

namespace AutoDiffGen.Tests.Regressions;

/// <summary>
/// The methods the property-based test found wrong: a fused loop over several outer axes split its row number with
/// `rest % D * N`, which C# reads as (rest % D) * N.
/// </summary>
public class FuzzFoundTests
{
    [Fact]
    public void RepeatedSymbolBroadcastComputesEveryRow()
    {
        var x = Random(1, 2, 3, 2, 2);
        var w = Random(2, 2, 1, 1, 2);
        var seed = Random(3, 2, 3, 2, 2);
        var gradients = new M.RepeatedSymbolBroadcastGradients();
        var result = M.RepeatedSymbolBroadcastBackward(x, w, seed, gradients);
        Assert.Equal(TestTensors.Values(M.RepeatedSymbolBroadcast(x, w)), TestTensors.Values(result));

        // The vector-Jacobian product against finite differences of Σ result ⊙ seed.
        double Projected(Tensor<double>[] a) => TestTensors.Values(M.RepeatedSymbolBroadcast(a[0], a[1])).Zip(TestTensors.Values(seed), (r, s) => r * s).Sum();
        var inputs = new[] { x, w };
        GradientCheck.AssertClose(TestTensors.Values(gradients.X), GradientCheck.Numerical(Projected, inputs, 0), 1e-6, "dX");
        GradientCheck.AssertClose(TestTensors.Values(gradients.W), GradientCheck.Numerical(Projected, inputs, 1), 1e-6, "dW");
    }

    [Fact]
    public void MiddleAxisLogSumExpOfAProductLength()
        => Check(a => M.MiddleAxisLogSumExp(a[0], a[1]), a => { var r = M.MiddleAxisLogSumExpValueAndGradients(a[0], a[1]); return (r.Value, [r.Gradients.X, r.Gradients.B]); },
            Random(4, 2, 3), Random(5, 2, 4, 3));

    [Fact]
    public void ScalarParameterSpelledLikeASymbol()
    {
        var x = Random(6, 2, 3);
        var (value, g) = M.ScalarNamedLikeASymbolValueAndGradients(x, 0.7);
        Assert.Equal(M.ScalarNamedLikeASymbol(x, 0.7), value, 12);
        Assert.Equal(TestTensors.Values(x).Sum() + 3, g.D, 9);
        Check(a => M.ScalarNamedLikeASymbol(a[0], 0.7), a => { var r = M.ScalarNamedLikeASymbolValueAndGradients(a[0], 0.7); return (r.Value, [r.Gradients.X]); }, x);
    }

    [Fact]
    public void ScalarHelperInsideAMathCall()
        => Check(a => M.TanhOfHelper(a[0], a[1]), a => { var r = M.TanhOfHelperValueAndGradients(a[0], a[1]); return (r.Value, [r.Gradients.H, r.Gradients.Q]); },
            Random(7, 4), Random(8, 4));
}
