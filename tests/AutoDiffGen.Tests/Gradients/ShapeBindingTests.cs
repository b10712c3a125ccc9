using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

public static partial class ShapedMethods
{
    [Differentiable]
    public static double Affine([Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w, [Shape("1, H")] Tensor<double> b)
        => (x.MatMul(w) + b).Sum();

    [Differentiable]
    public static double Grouped([Shape("N, 3*E")] Tensor<double> x, [Shape("E")] Tensor<double> scale)
        => x.Sum() * scale.Sum();

    [Differentiable]
    public static double GroupedOnly([Shape("3*E, 2")] Tensor<double> x) => x.Square().Sum();

    [Differentiable]
    public static Tensor<double> Scaled([Shape("N, D")] Tensor<double> x, [Shape("D")] Tensor<double> s) => x * s;
}

/// <summary>Run-time shape binding: a conflicting argument is rejected, naming the parameter, the symbol and both sizes.</summary>
public class ShapeBindingTests
{
    private static Tensor<double> Zeros(params nint[] shape) => Tensor.Create(new double[shape.Aggregate((nint)1, (a, b) => a * b)], shape);

    [Fact]
    public void AConflictingSymbolNamesParameterSymbolAndBothSizes()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ShapedMethods.AffineValueAndGradients(Zeros(2, 4), Zeros(5, 3), Zeros(1, 3)));

        Assert.Equal("w", error.ParamName);
        Assert.Contains("'w' dimension 0 (D) is 5, but 'D' is 4, bound by 'x' dimension 1", error.Message);
        Assert.Contains("declared [D, H]", error.Message);
    }

    [Fact]
    public void ALiteralDimensionMustMatch()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ShapedMethods.AffineValueAndGradients(Zeros(2, 4), Zeros(4, 3), Zeros(2, 3)));

        Assert.Equal("b", error.ParamName);
        Assert.Contains("'b' dimension 0 (1) is 2", error.Message);
    }

    [Fact]
    public void AWrongRankIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ShapedMethods.AffineValueAndGradients(Zeros(2, 4, 1), Zeros(4, 3), Zeros(1, 3)));

        Assert.Equal("x", error.ParamName);
        Assert.Contains("'x' is declared [N, D] (rank 2) but has shape [2, 4, 1]", error.Message);
    }

    [Fact]
    public void ANullArgumentIsRejectedByName()
    {
        var error = Assert.Throws<ArgumentNullException>(() =>
            ShapedMethods.AffineValueAndGradients(Zeros(2, 4), null!, Zeros(1, 3)));
        Assert.Equal("w", error.ParamName);
    }

    [Fact]
    public void AProductDimensionChecksAgainstItsSymbol()
    {
        var (value, _) = ShapedMethods.GroupedValueAndGradients(Zeros(2, 6), Zeros(2));
        Assert.Equal(0, value);

        var error = Assert.Throws<ArgumentException>(() => ShapedMethods.GroupedValueAndGradients(Zeros(2, 6), Zeros(3)));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("'x' dimension 1 (3*E) is 6, but '3*E' is 9", error.Message);
    }

    [Fact]
    public void AProductDimensionCanBindItsSymbol()
    {
        var (_, g) = ShapedMethods.GroupedOnlyValueAndGradients(Tensor.Create(new double[] { 1, 2, 3, 4, 5, 6 }, [3, 2]));
        Assert.Equal(new double[] { 2, 4, 6, 8, 10, 12 }, TestTensors.Values(g.X));

        var error = Assert.Throws<ArgumentException>(() => ShapedMethods.GroupedOnlyValueAndGradients(Zeros(4, 2)));
        Assert.Equal("x", error.ParamName);
        Assert.Contains("'x' dimension 0 (3*E) is 4, which is not a multiple of 3", error.Message);
    }

    [Fact]
    public void TheOutputGradientMustHaveTheResultsShape()
    {
        var gradients = new ShapedMethods.ScaledGradients();
        var error = Assert.Throws<ArgumentException>(() => ShapedMethods.ScaledBackward(Zeros(2, 3), Zeros(3), Zeros(2, 4), gradients));

        Assert.Equal("outputGradient", error.ParamName);
        Assert.Contains("'outputGradient' dimension 1 (D) is 4, but 'D' is 3", error.Message);
    }
}
