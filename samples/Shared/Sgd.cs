using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Samples;

/// <summary>Plain stochastic gradient descent, in place: parameter -= rate · gradient, allocating nothing.</summary>
public static class Sgd
{
    public static void Step<T>(IReadOnlyList<Tensor<T>> parameters, IReadOnlyList<Tensor<T>> gradients, T rate)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int p = 0; p < parameters.Count; p++)
        {
            var values = TensorData.Write(parameters[p], "parameter");
            T[]? copy = null;
            var gradient = TensorData.Read(gradients[p], ref copy);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, -rate, values, values);
        }
    }
}
