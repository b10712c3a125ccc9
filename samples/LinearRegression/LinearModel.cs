using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.LinearRegression;

public static partial class LinearModel
{
    /// <summary>Half the mean squared residual of y ≈ Xθ.</summary>
    [Differentiable]
    public static double Loss([NoDiff, Shape("M, D")] Tensor<double> x, [Shape("D")] Tensor<double> theta, [NoDiff, Shape("M")] Tensor<double> y)
    {
        var residual = x.MatMul(theta) - y;
        return residual.Square().Sum() / (2.0 * x.Lengths[0]);
    }

    /// <summary>
    /// The gradient worked out by hand, dθ = (1/m)·Xᵀ(Xθ − y), and for each component the sum of the absolute values
    /// of its terms: the scale against which two roundings of the same sum are compared.
    /// </summary>
    public static (double[] Gradient, double[] Magnitude) ClosedFormGradient(Tensor<double> x, Tensor<double> theta, Tensor<double> y)
    {
        int m = (int)x.Lengths[0], d = (int)x.Lengths[1];
        var gradient = new double[d];
        var magnitude = new double[d];
        for (int i = 0; i < m; i++)
        {
            double residual = -y[i];
            for (int j = 0; j < d; j++) residual += x[i, j] * theta[j];
            for (int j = 0; j < d; j++)
            {
                gradient[j] += x[i, j] * residual / m;
                magnitude[j] += Math.Abs(x[i, j] * residual) / m;
            }
        }
        return (gradient, magnitude);
    }
}
