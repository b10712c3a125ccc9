using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

public static partial class ClosedForms
{
    /// <summary>yᵀ·A·x.</summary>
    [Differentiable]
    public static double Bilinear([Shape("N")] Tensor<double> y, [Shape("N, M")] Tensor<double> a, [Shape("M")] Tensor<double> x)
        => y.Dot(a.MatMul(x));

    /// <summary>xᵀ·A·x.</summary>
    [Differentiable]
    public static double Quadratic([Shape("N")] Tensor<double> x, [NoDiff][Shape("N, N")] Tensor<double> a)
        => x.MatMul(a.MatMul(x)).Sum();

    /// <summary>Half the mean squared residual of a linear model.</summary>
    [Differentiable]
    public static double LeastSquares([NoDiff][Shape("M, D")] Tensor<double> x, [Shape("D")] Tensor<double> theta, [NoDiff][Shape("M")] Tensor<double> y)
    {
        var residual = x.MatMul(theta) - y;
        return residual.Square().Sum() / (2.0 * x.Lengths[0]);
    }
}

/// <summary>Generated gradients against the closed forms of matrix calculus.</summary>
public class ClosedFormTests
{
    private static double[,] Matrix(Tensor<double> t)
    {
        var values = TestTensors.Values(t);
        int rows = (int)t.Lengths[0], columns = (int)t.Lengths[1];
        var m = new double[rows, columns];
        for (int i = 0; i < rows; i++) for (int j = 0; j < columns; j++) m[i, j] = values[i * columns + j];
        return m;
    }

    private static double[] Times(double[,] a, double[] x)
    {
        var result = new double[a.GetLength(0)];
        for (int i = 0; i < result.Length; i++) for (int j = 0; j < x.Length; j++) result[i] += a[i, j] * x[j];
        return result;
    }

    private static double[] TransposeTimes(double[,] a, double[] y)
    {
        var result = new double[a.GetLength(1)];
        for (int j = 0; j < result.Length; j++) for (int i = 0; i < y.Length; i++) result[j] += a[i, j] * y[i];
        return result;
    }

    [Theory]
    [InlineData(3, 4)]
    [InlineData(1, 7)]
    [InlineData(17, 5)]
    public void BilinearFormGivesOuterProductAndMatrixVectorProducts(int n, int m)
    {
        var random = new Random(n * 31 + m);
        var y = TestTensors.Random(random, [n], v => v);
        var a = TestTensors.Random(random, [n, m], v => v);
        var x = TestTensors.Random(random, [m], v => v);

        var (value, gradients) = ClosedForms.BilinearValueAndGradients(y, a, x);

        var matrix = Matrix(a);
        double[] yv = TestTensors.Values(y), xv = TestTensors.Values(x);
        var outer = new double[n * m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) outer[i * m + j] = yv[i] * xv[j];
        GradientCheck.AssertClose(TestTensors.Values(gradients.A), outer, 1e-14, "d(yᵀAx)/dA = y·xᵀ");
        GradientCheck.AssertClose(TestTensors.Values(gradients.X), TransposeTimes(matrix, yv), 1e-14, "d(yᵀAx)/dx = Aᵀ·y");
        GradientCheck.AssertClose(TestTensors.Values(gradients.Y), Times(matrix, xv), 1e-14, "d(yᵀAx)/dy = A·x");
        Assert.Equal(ClosedForms.Bilinear(y, a, x), value, 1e-12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(19)]
    public void QuadraticFormGivesASymmetrizedMatrixTimesX(int n)
    {
        var random = new Random(n);
        var x = TestTensors.Random(random, [n], v => v);
        var a = TestTensors.Random(random, [n, n], v => v);

        var (_, gradients) = ClosedForms.QuadraticValueAndGradients(x, a);

        var matrix = Matrix(a);
        var xv = TestTensors.Values(x);
        var expected = Times(matrix, xv).Zip(TransposeTimes(matrix, xv), (p, q) => p + q).ToArray();
        GradientCheck.AssertClose(TestTensors.Values(gradients.X), expected, 1e-14, "d(xᵀAx)/dx = (A + Aᵀ)·x");
    }

    [Theory]
    [InlineData(20, 3)]
    [InlineData(1, 1)]
    [InlineData(100, 7)]
    public void LeastSquaresGradientIsTheNormalEquationResidual(int m, int d)
    {
        var random = new Random(m + d);
        var x = TestTensors.Random(random, [m, d], v => v);
        var theta = TestTensors.Random(random, [d], v => v);
        var y = TestTensors.Random(random, [m], v => v);

        var (_, gradients) = ClosedForms.LeastSquaresValueAndGradients(x, theta, y);

        var matrix = Matrix(x);
        var residual = Times(matrix, TestTensors.Values(theta)).Zip(TestTensors.Values(y), (p, q) => p - q).ToArray();
        var expected = TransposeTimes(matrix, residual).Select(v => v / m).ToArray();
        GradientCheck.AssertClose(TestTensors.Values(gradients.Theta), expected, 1e-13, "dθ = (1/m)·Xᵀ(Xθ − y)");
    }
}
