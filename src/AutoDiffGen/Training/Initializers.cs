using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Training;

/// <summary>
/// Seeded weight initialisers as PyTorch's <c>torch.nn.init</c> defines them (gain 1, or √2 for ReLU layers), drawn
/// with the in-box <see cref="Tensor.FillUniformDistribution{T}"/> and <see cref="Tensor.FillGaussianNormalDistribution{T}"/>.
/// For a <c>[fanIn, fanOut]</c> weight of <c>x.MatMul(w)</c>, fan-in is its first length and fan-out its second.
/// </summary>
public static class Initializers
{
    /// <summary>U(−a, a) with a = gain·√(3 / fanIn) (<c>kaiming_uniform_</c>).</summary>
    public static void KaimingUniform<T>(Tensor<T> tensor, int fanIn, Random random, double gain = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Uniform(tensor, gain * Math.Sqrt(3.0 / Positive(fanIn, nameof(fanIn))), random);

    /// <summary>N(0, σ²) with σ = gain / √fanIn (<c>kaiming_normal_</c>).</summary>
    public static void KaimingNormal<T>(Tensor<T> tensor, int fanIn, Random random, double gain = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Normal(tensor, gain / Math.Sqrt(Positive(fanIn, nameof(fanIn))), random);

    /// <summary>U(−a, a) with a = gain·√(6 / (fanIn + fanOut)) (<c>xavier_uniform_</c>).</summary>
    public static void XavierUniform<T>(Tensor<T> tensor, int fanIn, int fanOut, Random random, double gain = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Uniform(tensor, gain * Math.Sqrt(6.0 / (Positive(fanIn, nameof(fanIn)) + Positive(fanOut, nameof(fanOut)))), random);

    /// <summary>N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)) (<c>xavier_normal_</c>).</summary>
    public static void XavierNormal<T>(Tensor<T> tensor, int fanIn, int fanOut, Random random, double gain = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Normal(tensor, gain * Math.Sqrt(2.0 / (Positive(fanIn, nameof(fanIn)) + Positive(fanOut, nameof(fanOut)))), random);

    /// <summary>U(−bound, bound).</summary>
    public static void Uniform<T>(Tensor<T> tensor, double bound, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        var span = tensor.AsTensorSpan();
        Tensor.FillUniformDistribution(span, random);
        var values = TensorData.Write(tensor, nameof(tensor));
        // [0, 1) → [−bound, bound).
        TensorPrimitives.Multiply(values, T.CreateChecked(2 * bound), values);
        TensorPrimitives.Add(values, T.CreateChecked(-bound), values);
    }

    /// <summary>N(0, σ²).</summary>
    public static void Normal<T>(Tensor<T> tensor, double standardDeviation, Random random)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        var span = tensor.AsTensorSpan();
        Tensor.FillGaussianNormalDistribution(span, random);
        var values = TensorData.Write(tensor, nameof(tensor));
        TensorPrimitives.Multiply(values, T.CreateChecked(standardDeviation), values);
    }

    private static int Positive(int value, string name) => value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "A fan must be at least 1.");
}
