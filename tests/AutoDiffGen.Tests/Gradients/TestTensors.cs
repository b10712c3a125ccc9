using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>Random test tensors and conversions between precisions.</summary>
internal static class TestTensors
{
    /// <summary>Uniform values in [-1.5, 1.5], mapped into an op's domain by <paramref name="domain"/>.</summary>
    public static Tensor<double> Random(Random random, int[] shape, Func<double, double> domain)
    {
        int count = shape.Aggregate(1, (a, b) => a * b);
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = domain(random.NextDouble() * 3 - 1.5);
        return Tensor.Create(values, shape.Select(d => (nint)d).ToArray());
    }

    public static double[] Values<T>(Tensor<T> tensor)
    {
        T[]? copy = null;
        return TensorData.Read(tensor, ref copy).ToArray().Select(v => Convert.ToDouble(v)).ToArray();
    }

    public static Tensor<float> ToSingle(Tensor<double> tensor)
        => Tensor.Create(Values(tensor).Select(v => (float)v).ToArray(), tensor.Lengths.ToArray());

    public static Tensor<double> Copy(Tensor<double> tensor) => Tensor.Create(Values(tensor), tensor.Lengths.ToArray());

    public static Tensor<double> Scalar(double value) => Tensor.Create(new[] { value }, [1]);

    public static Tensor<float> Scalar(float value) => Tensor.Create(new[] { value }, [1]);
}
