using AutoDiffGen.Tests.Gradients;
using static AutoDiffGen.Tests.Regressions.Agreement;
using M = AutoDiffGen.Tests.Regressions.ArgumentBindingMethods;

namespace AutoDiffGen.Tests.Regressions;

/// <summary>Named arguments out of order bind to their parameters, in TensorMath ops, Math functions and inlined calls.</summary>
public class ArgumentBindingTests
{
    [Fact]
    public void LayerNormWithNamedGainAndBiasReversed()
        => Check(a => M.LayerNormNamed(a[0], a[1], a[2]), a => { var r = M.LayerNormNamedValueAndGradients(a[0], a[1], a[2]); return (r.Value, [r.Gradients.X, r.Gradients.G, r.Gradients.B]); },
            Random(1, 4, 5), Random(2, 5), Random(3, 5));

    [Fact]
    public void BatchNormWithEveryArgumentNamedOutOfOrder()
        => Check(a => M.BatchNormNamed(a[0], a[1], a[2]), a => { var r = M.BatchNormNamedValueAndGradients(a[0], a[1], a[2]); return (r.Value, [r.Gradients.X, r.Gradients.G, r.Gradients.B]); },
            Random(4, 6, 3), Random(5, 3), Random(6, 3));

    [Fact]
    public void InlinedCallWithItsArgumentsSwappedByName()
    {
        var p = Random(7, 5);
        var q = Random(8, 5);
        Assert.Equal(M.Scale(p, q), M.InlinedNamed(p, q), 14);
        Check(a => M.InlinedNamed(a[0], a[1]), a => { var r = M.InlinedNamedValueAndGradients(a[0], a[1]); return (r.Value, [r.Gradients.P, r.Gradients.Q]); }, p, q);
    }

    [Fact]
    public void ReductionsWithAxisAndKeepDimsNamedOutOfOrder()
        => Check(a => M.ReductionsNamed(a[0]), a => { var r = M.ReductionsNamedValueAndGradients(a[0]); return (r.Value, [r.Gradients.X]); },
            Random(9, 4, 3));

    [Fact]
    public void MathPowWithItsArgumentsNamedOutOfOrder()
    {
        var (value, partials) = M.ScalarNamedValueAndGradients(1.2, 0.4);
        Assert.Equal(M.ScalarNamed(1.2, 0.4), value, 14);
        var expected = GradientCheck.Numerical(x => M.ScalarNamed(x[0], x[1]), [1.2, 0.4]);
        Assert.Equal(expected[0], partials.S, 6);
        Assert.Equal(expected[1], partials.T, 6);
    }
}
