using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Benchmarks;

/// <summary>Refuses to time two implementations that do not compute the same thing.</summary>
public static class Agreement
{
    /// <summary>
    /// Gradients agree: each within 1e-3 of its own scale, or of a thousandth of the largest gradient for a parameter
    /// whose exact gradient is zero (the bias before batch norm), where both sides are rounding noise.
    /// </summary>
    public static void Check(IReadOnlyList<Tensor<float>> actual, IReadOnlyList<Tensor<float>> expected)
    {
        double floor = 1e-3 * expected.Max(t => Values(t).Max(MathF.Abs));
        for (int i = 0; i < actual.Count; i++) Check($"gradient {i}", Values(actual[i]), Values(expected[i]), floor);
    }

    private static float[] Values(Tensor<float> tensor)
    {
        float[]? copy = null;
        return TensorData.Read(tensor, ref copy).ToArray();
    }

    /// <summary>Throws unless the largest difference is within 1e-3 of the largest magnitude (float arithmetic, different summation orders).</summary>
    public static void Check(string what, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double floor = 1e-30)
    {
        if (actual.Length != expected.Length) throw new InvalidOperationException($"{what}: {actual.Length} values against {expected.Length}");
        double difference = 0, scale = floor;
        for (int i = 0; i < actual.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs(actual[i] - expected[i]));
            scale = Math.Max(scale, Math.Max(Math.Abs(actual[i]), Math.Abs(expected[i])));
        }
        if (difference > 1e-3 * scale) throw new InvalidOperationException($"{what} differs: {difference:E2} against a scale of {scale:E2}");
    }
}
