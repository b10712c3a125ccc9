namespace AutoDiffGen.Tests.Gradients;

public static partial class ScalarFunctions
{
    [Differentiable]
    public static double Mixed(double x, double y) => Math.Sin(x) * y + Math.Exp(x * y) / (1 + x * x) - Math.Pow(y, 3) * Math.Tanh(x);

    [Differentiable]
    public static float MixedSingle(float x, float y) => MathF.Sin(x) * y + MathF.Exp(x * y) / (1 + x * x) - MathF.Pow(y, 3) * MathF.Tanh(x);

    [Differentiable]
    public static double WithLocals(double x, double y, [NoDiff] double scale, int n)
    {
        var a = x * y;
        a = a + Math.Sqrt(x * x + 1);
        a *= scale;
        a += n;
        return Math.Log(a * a + 1) + Math.Cos(y) / n;
    }
}

/// <summary>Functions of plain numbers: <c>XxxValueAndGradients</c> returns the value and a record of partials.</summary>
public class ScalarFunctionTests
{
    private static (double, double) Numerical(Func<double, double, double> f, double x, double y)
    {
        const double h = 1e-6;
        return ((f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h));
    }

    [Theory]
    [InlineData(0.3, -0.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.0, 1.5)]
    public void PartialsMatchFiniteDifferences(double x, double y)
    {
        var (value, partials) = ScalarFunctions.MixedValueAndGradients(x, y);
        var (dx, dy) = Numerical(ScalarFunctions.Mixed, x, y);

        Assert.Equal(ScalarFunctions.Mixed(x, y), value);
        Assert.Equal(dx, partials.X, 1e-8);
        Assert.Equal(dy, partials.Y, 1e-8);
    }

    [Theory]
    [InlineData(0.3, -0.7)]
    [InlineData(-1.2, 0.4)]
    public void FloatPartialsAgreeWithDouble(float x, float y)
    {
        var (value, partials) = ScalarFunctions.MixedSingleValueAndGradients(x, y);
        var (_, expected) = ScalarFunctions.MixedValueAndGradients(x, y);

        Assert.Equal(ScalarFunctions.MixedSingle(x, y), value);
        Assert.Equal(expected.X, partials.X, 1e-4);
        Assert.Equal(expected.Y, partials.Y, 1e-4);
    }

    [Fact]
    public void LocalsReassignmentCompoundAssignmentAndConstantsAreDifferentiated()
    {
        double x = 0.8, y = -0.3, scale = 1.7;
        int n = 3;
        var (value, partials) = ScalarFunctions.WithLocalsValueAndGradients(x, y, scale, n);
        var (dx, dy) = Numerical((a, b) => ScalarFunctions.WithLocals(a, b, scale, n), x, y);

        Assert.Equal(ScalarFunctions.WithLocals(x, y, scale, n), value);
        Assert.Equal(dx, partials.X, 1e-8);
        Assert.Equal(dy, partials.Y, 1e-8);
    }
}
