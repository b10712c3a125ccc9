using System.Numerics.Tensors;
using AutoDiffGen.Tests.Gradients;

namespace AutoDiffGen.Tests.Regressions;

/// <summary>A generated method against the user's own: the same value, and each gradient equal to finite differences.</summary>
internal static class Agreement
{
    /// <param name="user">The user's method, on the inputs.</param>
    /// <param name="generated">Its generated ValueAndGradients: the value and one gradient per input (null for data).</param>
    public static void Check(Func<Tensor<double>[], double> user, Func<Tensor<double>[], (double Value, Tensor<double>?[] Gradients)> generated,
        params Tensor<double>[] inputs)
    {
        var (value, gradients) = generated(inputs);
        Assert.Equal(user(inputs), value, 12);
        for (int i = 0; i < inputs.Length; i++)
        {
            if (gradients[i] is not { } gradient) continue;
            GradientCheck.AssertClose(TestTensors.Values(gradient), GradientCheck.Numerical(user, inputs, i), 1e-6, $"gradient {i}");
        }
    }

    public static Tensor<double> Random(int seed, params int[] shape) => TestTensors.Random(new Random(seed), shape, v => v);
}
