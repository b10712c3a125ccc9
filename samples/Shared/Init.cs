using System.Numerics.Tensors;

namespace AutoDiffGen.Samples;

/// <summary>Parameter initialisation for the samples, reproducible from a seed.</summary>
public static class Init
{
    /// <summary>Uniform in ±<paramref name="scale"/>.</summary>
    public static Tensor<float> Uniform(Random random, float scale, params int[] shape)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return Tensor.Create(values, shape.Select(d => (nint)d).ToArray());
    }

    /// <summary>Standard normal, scaled.</summary>
    public static Tensor<float> Normal(Random random, float scale, params int[] shape)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (int i = 0; i < values.Length; i++)
        {
            double u = 1 - random.NextDouble(), v = random.NextDouble();
            values[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }
        return Tensor.Create(values, shape.Select(d => (nint)d).ToArray());
    }

    public static Tensor<float> Zeros(params int[] shape)
        => Tensor.Create(new float[shape.Aggregate(1, (a, b) => a * b)], shape.Select(d => (nint)d).ToArray());
}
