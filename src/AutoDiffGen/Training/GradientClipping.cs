using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Training;

/// <summary>Gradient clipping by global norm, as PyTorch's <c>clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales every gradient in place by max / (‖g‖ + 1e-6) when the global norm ‖g‖ (over all of them together)
    /// exceeds <paramref name="maxNorm"/>, and returns ‖g‖ as it was.
    /// </summary>
    public static T ClipByGlobalNorm<T>(IGradientSet<T> gradients, T maxNorm)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (!(maxNorm > T.Zero)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The norm to clip to must be positive.");
        T sum = T.Zero;
        for (int i = 0; i < gradients.Names.Count; i++)
        {
            T[]? copy = null;
            var values = TensorData.Read(gradients.Gradient(i), ref copy);
            sum += TensorPrimitives.SumOfSquares(values);
        }
        T norm = T.Sqrt(sum);
        T coefficient = maxNorm / (norm + T.CreateChecked(1e-6));
        if (coefficient < T.One)
        {
            for (int i = 0; i < gradients.Names.Count; i++)
            {
                var values = TensorData.Write(gradients.Gradient(i), gradients.Names[i]);
                TensorPrimitives.Multiply(values, coefficient, values);
            }
        }
        return norm;
    }
}
