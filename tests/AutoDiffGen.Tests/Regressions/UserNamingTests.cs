using AutoDiffGen.Tests.Gradients;
using static AutoDiffGen.Tests.Regressions.Agreement;
using M = AutoDiffGen.Tests.Regressions.UserNamingMethods;

namespace AutoDiffGen.Tests.Regressions;

/// <summary>Whatever the user's names, the generated code compiles (the build checks) and agrees with finite differences.</summary>
public class UserNamingTests
{
    [Fact]
    public void LinearRegressionInCapitals()
        => Check(a => M.LinReg(a[0], a[1], a[2]), a => { var r = M.LinRegValueAndGradients(a[0], a[1], a[2]); return (r.Value, [r.Gradients.X, r.Gradients.Theta, r.Gradients.Y]); },
            Random(1, 6, 3), Random(2, 3, 1), Random(3, 6, 1));

    [Fact]
    public void SigmoidLayerInCapitals()
        => Check(a => M.SigmoidLayer(a[0], a[1]), a => { var r = M.SigmoidLayerValueAndGradients(a[0], a[1]); return (r.Value, [r.Gradients.X, r.Gradients.W1]); },
            Random(4, 5, 3), Random(5, 3, 4));

    [Fact]
    public void DataCalledT()
        => Check(a => M.Targets(a[0], a[1]), a => { var r = M.TargetsValueAndGradients(a[0], a[1]); return (r.Value, [r.Gradients.Logits, null]); },
            Random(6, 4, 3), Random(7, 4, 3));

    [Fact]
    public void ReluLayerInCapitals()
        => Check(a => M.ReluLayer(a[0], a[1], a[2]), a => { var r = M.ReluLayerValueAndGradients(a[0], a[1], a[2]); return (r.Value, [r.Gradients.X, r.Gradients.W, r.Gradients.B]); },
            Random(8, 5, 3), Random(9, 3, 4), Random(10, 4));

    [Fact]
    public void NamesDifferingOnlyInCaseGetTheirOwnGradients()
    {
        var (_, gradients) = M.CaseOnlyValueAndGradients(Random(11, 3, 4), Random(12, 3, 4));
        Assert.NotSame(gradients.X, gradients.XGradient);
        Check(a => M.CaseOnly(a[0], a[1]), a => { var r = M.CaseOnlyValueAndGradients(a[0], a[1]); return (r.Value, [r.Gradients.X, r.Gradients.XGradient]); },
            Random(11, 3, 4), Random(12, 3, 4));
    }

    [Fact]
    public void KeywordParametersOfAScalarFunction()
    {
        var (value, partials) = M.KeywordScalarsValueAndGradients(1.3, -0.7);
        Assert.Equal(M.KeywordScalars(1.3, -0.7), value, 14);
        Assert.Equal(GradientCheck.Numerical(x => M.KeywordScalars(x[0], x[1]), [1.3, -0.7]), [partials.Class, partials.Default], new Tolerance(1e-8));
    }

    [Fact]
    public void LocalsNamedLikeTheGeneratedCodesOwn()
        => Check(a => M.OwnNames(a[0], a[1], a[2]), a => { var r = M.OwnNamesValueAndGradients(a[0], a[1], a[2]); return (r.Value, [r.Gradients._offset, r.Gradients.ComputeGradient, r.Gradients.TSimd]); },
            Random(13, 4, 5), Random(14, 5), Random(15, 4, 5));

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(y));

        public int GetHashCode(double value) => 0;
    }
}
