using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Benchmarks.Peers;

/// <summary>A tensor's elements as a row-major array.</summary>
public static class Elements
{
    public static T[] Of<T>(Tensor<T> tensor)
    {
        T[]? copy = null;
        return TensorData.Read(tensor, ref copy).ToArray();
    }
}
