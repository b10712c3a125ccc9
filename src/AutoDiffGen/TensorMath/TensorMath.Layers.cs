using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// Stacked per-layer parameters: one tensor [L, …] holds every layer's weights, and a loop over the layers reads
// layer l as x.Layer(l). The generator differentiates such a loop as a loop, writing each layer's gradient into its
// slice of the stacked gradient.
public static partial class TensorMath
{
    /// <summary>
    /// Layer <paramref name="index"/> of a stack along the first axis, as <c>x[index]</c> in PyTorch: the tensor of
    /// x's shape without its first axis. Inside a loop <c>for (int l = 0; l &lt; L; l++)</c> of a
    /// <c>[Differentiable]</c> method, <c>w.Layer(l)</c> reads layer l of a stacked parameter <c>[L, …]</c>, and
    /// <c>x.Layer(t)</c> reads step t of a time-major sequence <c>[T, …]</c>.
    /// </summary>
    /// <param name="x">The stack, of rank 1 or more.</param>
    /// <param name="index">The layer, in <c>[0, x.Lengths[0])</c>.</param>
    /// <returns>A new dense tensor holding a copy of the layer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is a scalar, or <paramref name="index"/> is not one of its layers.</exception>
    public static Tensor<T> Layer<T>(this Tensor<T> x, int index) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1) throw new ArgumentException("A layer is taken along the first axis, which a tensor of rank 0 does not have.", nameof(x));
        if (index < 0 || index >= x.Lengths[0])
            throw new ArgumentException($"Layer {index} is not in {Shape(x)}, a stack of {x.Lengths[0]} layers.", nameof(index));
        var lengths = x.Lengths[1..].ToArray();
        int size = 1;
        foreach (var length in lengths) size = checked(size * (int)length);
        T[]? copy = null;
        ReadOnlySpan<T> source = TensorData.Read(x, ref copy);
        var data = source.Slice(index * size, size).ToArray();
        return TensorData.Wrap(data, lengths);
    }
}
