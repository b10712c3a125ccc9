using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>Central finite differences in double, the reference every generated gradient is checked against.</summary>
internal static class GradientCheck
{
    /// <summary>∂f/∂x by central differences, with a step scaled to each element.</summary>
    public static double[] Numerical(Func<double[], double> f, double[] x)
    {
        var point = (double[])x.Clone();
        var gradient = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            double original = point[i];
            double step = 1e-5 * Math.Max(1, Math.Abs(original));
            point[i] = original + step;
            double plus = f(point);
            point[i] = original - step;
            double minus = f(point);
            point[i] = original;
            gradient[i] = (plus - minus) / (2 * step);
        }
        return gradient;
    }

    /// <summary>∂loss/∂inputs[index], element by element, perturbing the tensor in place and restoring it.</summary>
    public static double[] Numerical(Func<Tensor<double>[], double> loss, Tensor<double>[] inputs, int index)
    {
        var tensor = inputs[index];
        var original = TestTensors.Values(tensor);
        double At(double[] point)
        {
            point.CopyTo(TensorData.Write(tensor, "input"));
            return loss(inputs);
        }
        var gradient = Numerical(At, original);
        original.CopyTo(TensorData.Write(tensor, "input"));
        return gradient;
    }

    /// <summary>
    /// Relative error of a whole gradient: the largest elementwise difference over the largest magnitude, so a
    /// near-zero element is judged on the gradient's scale rather than its own.
    /// </summary>
    public static double RelativeError(double[] actual, double[] expected, double scaleFloor = 0)
    {
        Assert.Equal(expected.Length, actual.Length);
        double difference = 0, scale = scaleFloor;
        for (int i = 0; i < expected.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Max(Math.Abs(expected[i]), Math.Abs(actual[i])));
        }
        return scale == 0 ? difference : difference / scale;
    }

    /// <param name="scaleFloor">
    /// The smallest scale to judge against: the whole model's gradient scale for a parameter whose exact gradient is
    /// zero (a bias feeding batch norm), where both sides are rounding noise and a relative error means nothing.
    /// </param>
    public static void AssertClose(double[] actual, double[] expected, double tolerance, string what, double scaleFloor = 0)
    {
        double error = RelativeError(actual, expected, scaleFloor);
        Assert.True(error <= tolerance,
            $"{what}: relative error {error:E2} exceeds {tolerance:E0}\n  actual   [{string.Join(", ", actual.Take(8).Select(v => v.ToString("G6")))}]\n  expected [{string.Join(", ", expected.Take(8).Select(v => v.ToString("G6")))}]");
    }
}
