using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

/// <summary>
/// The ops a <see cref="DifferentiableAttribute"/> method is written with, as operators and fluent extension
/// methods on <see cref="Tensor{T}"/> of <see cref="float"/> and <see cref="double"/>. Each runs its forward pass
/// eagerly and returns a new dense tensor; inputs may be non-dense (sliced or strided).
/// </summary>
/// <remarks>
/// Elementwise lanes are computed by the same <see cref="Kernels.ISimd{TSelf, T}"/> functions, through the same
/// <see cref="Kernels.FusedLoop"/>, as the generated code, so an eager forward pass and a generated one give
/// identical bits. (Sin and Cos are the exception: the in-box vector versions can round a lane differently
/// depending on the other lanes of its register.)
/// </remarks>
public static partial class TensorMath
{
    // The kernels are written for the two IEEE types with SIMD support; Half and others would fail deep inside.
    private static void ThrowIfUnsupported<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"TensorMath supports Tensor<float> and Tensor<double>, not Tensor<{typeof(T).Name}>.");
    }

    private static ReadOnlySpan<T> Read<T>(Tensor<T> tensor, ref T[]? copy) => TensorData.Read(tensor, ref copy);

    private static Span<T> Write<T>(Tensor<T> tensor, string parameterName) => TensorData.Write(tensor, parameterName);

    private static string Shape<T>(Tensor<T> tensor) => ShapeCheck.Format(tensor.Lengths);

    private static int Length<T>(Tensor<T> tensor) => checked((int)tensor.FlattenedLength);
}
