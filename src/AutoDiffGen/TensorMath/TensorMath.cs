using System.Numerics.Tensors;
using System.Runtime.InteropServices;
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

    // TensorData.Read, except that a dense tensor's storage is found through a reference to its first element:
    // in System.Numerics.Tensors 10.0, Tensor<T>.GetSpan (which TensorData uses) throws for dense tensors with a
    // length-1 axis, such as a [2, 1] tensor, whose strides are [1, 0].
    private static ReadOnlySpan<T> Read<T>(Tensor<T> tensor, ref T[]? copy)
        => tensor.IsDense && tensor.FlattenedLength > 0 ? Storage(tensor) : TensorData.Read(tensor, ref copy);

    // TensorData.Write, finding the storage as Read does.
    private static Span<T> Write<T>(Tensor<T> tensor, string parameterName)
        => tensor.IsDense && tensor.FlattenedLength > 0 ? Storage(tensor) : TensorData.Write(tensor, parameterName);

    // Not GetPinnableReference, which points at the start of the underlying memory rather than of a slice.
    private static Span<T> Storage<T>(Tensor<T> tensor)
    {
        Span<nint> origin = tensor.Rank <= 16 ? stackalloc nint[tensor.Rank] : new nint[tensor.Rank];
        origin.Clear();
        return MemoryMarshal.CreateSpan(ref tensor[origin], Length(tensor));
    }

    private static string Shape<T>(Tensor<T> tensor) => ShapeCheck.Format(tensor.Lengths);

    private static int Length<T>(Tensor<T> tensor) => checked((int)tensor.FlattenedLength);
}
