using System.Numerics;

namespace AutoDiffGen.Training;

/// <summary>
/// Adam by PyTorch's <c>torch.optim.Adam</c> rule: g = ∇ + λ·p; m = β₁·m + (1 − β₁)·g; v = β₂·v + (1 − β₂)·g²;
/// p = p − (η / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε). With <see cref="AdamW{T}"/> the decay is decoupled instead.
/// </summary>
public class Adam<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _m;
    private readonly T[][] _v;
    private readonly bool _decoupled;

    /// <param name="parameters">The tensors to train.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="beta1">β₁, the first moment's decay; 0.9 when not given.</param>
    /// <param name="beta2">β₂, the second moment's decay; 0.999 when not given.</param>
    /// <param name="epsilon">ε; 1e-8 when not given.</param>
    /// <param name="weightDecay">λ, an L2 penalty added to the gradient.</param>
    public Adam(ParameterSet<T> parameters, T learningRate, T? beta1 = null, T? beta2 = null, T? epsilon = null, T weightDecay = default)
        : this(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false)
    {
    }

    private protected Adam(ParameterSet<T> parameters, T learningRate, T? beta1, T? beta2, T? epsilon, T weightDecay, bool decoupled)
        : base(parameters, learningRate)
    {
        Beta1 = beta1 ?? T.CreateChecked(0.9);
        Beta2 = beta2 ?? T.CreateChecked(0.999);
        Epsilon = epsilon ?? T.CreateChecked(1e-8);
        if (!(Beta1 >= T.Zero && Beta1 < T.One)) throw new ArgumentOutOfRangeException(nameof(beta1), Beta1, "β₁ must be in [0, 1).");
        if (!(Beta2 >= T.Zero && Beta2 < T.One)) throw new ArgumentOutOfRangeException(nameof(beta2), Beta2, "β₂ must be in [0, 1).");
        WeightDecay = weightDecay;
        _decoupled = decoupled;
        _m = StateBuffers();
        _v = StateBuffers();
    }

    /// <summary>β₁, the first moment's decay.</summary>
    public T Beta1 { get; }

    /// <summary>β₂, the second moment's decay.</summary>
    public T Beta2 { get; }

    /// <summary>ε, added to the denominator.</summary>
    public T Epsilon { get; }

    /// <summary>λ: an L2 penalty in the gradient (Adam) or a decoupled shrink (AdamW).</summary>
    public T WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient)
    {
        T t = T.CreateChecked(Steps);
        T b1 = Beta1, b2 = Beta2, eps = Epsilon;
        T stepSize = LearningRate / (T.One - T.Pow(b1, t));
        T correction2 = T.Sqrt(T.One - T.Pow(b2, t));
        // AdamW shrinks the parameter before the step; Adam adds the penalty to the gradient.
        T shrink = _decoupled ? T.One - LearningRate * WeightDecay : T.One;
        T l2 = _decoupled ? T.Zero : WeightDecay;
        Span<T> m = _m[index], v = _v[index];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vB1 = new Vector<T>(b1);
            var vB2 = new Vector<T>(b2);
            var vC1 = new Vector<T>(T.One - b1);
            var vC2 = new Vector<T>(T.One - b2);
            var vStep = new Vector<T>(stepSize);
            var vCorrection2 = new Vector<T>(correction2);
            var vEps = new Vector<T>(eps);
            var vShrink = new Vector<T>(shrink);
            var vL2 = new Vector<T>(l2);
            for (; i <= parameter.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var p = new Vector<T>(parameter[i..]) * vShrink;
                var g = new Vector<T>(gradient[i..]) + vL2 * p;
                var mi = vB1 * new Vector<T>(m[i..]) + vC1 * g;
                var vi = vB2 * new Vector<T>(v[i..]) + vC2 * g * g;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                (p - vStep * mi / (Vector.SquareRoot(vi) / vCorrection2 + vEps)).CopyTo(parameter[i..]);
            }
        }
        for (; i < parameter.Length; i++)
        {
            T p = parameter[i] * shrink;
            T g = gradient[i] + l2 * p;
            m[i] = b1 * m[i] + (T.One - b1) * g;
            v[i] = b2 * v[i] + (T.One - b2) * g * g;
            parameter[i] = p - stepSize * m[i] / (T.Sqrt(v[i]) / correction2 + eps);
        }
    }
}

/// <summary>
/// AdamW by PyTorch's <c>torch.optim.AdamW</c> rule: p = p·(1 − η·λ), then the Adam step without a penalty in the
/// gradient (decoupled weight decay).
/// </summary>
public sealed class AdamW<T> : Adam<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <param name="parameters">The tensors to train.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="weightDecay">λ; 0.01 when not given, as in PyTorch.</param>
    /// <param name="beta1">β₁; 0.9 when not given.</param>
    /// <param name="beta2">β₂; 0.999 when not given.</param>
    /// <param name="epsilon">ε; 1e-8 when not given.</param>
    public AdamW(ParameterSet<T> parameters, T learningRate, T? weightDecay = null, T? beta1 = null, T? beta2 = null, T? epsilon = null)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay ?? T.CreateChecked(0.01), decoupled: true)
    {
    }
}
