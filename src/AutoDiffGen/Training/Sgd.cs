using System.Numerics;

namespace AutoDiffGen.Training;

/// <summary>
/// Stochastic gradient descent with momentum, Nesterov momentum and weight decay, by PyTorch's <c>torch.optim.SGD</c>
/// rule: g = ∇ + λ·p; b = μ·b + (1 − τ)·g (b = g on the first step); g = g + μ·b with Nesterov, else g = b;
/// p = p − η·g.
/// </summary>
public sealed class Sgd<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][]? _momentum;

    /// <param name="parameters">The tensors to train.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="momentum">μ; 0 for plain gradient descent.</param>
    /// <param name="dampening">τ.</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0 and τ = 0).</param>
    /// <param name="weightDecay">λ, an L2 penalty added to the gradient.</param>
    public Sgd(ParameterSet<T> parameters, T learningRate, T momentum = default, T dampening = default, bool nesterov = false, T weightDecay = default)
        : base(parameters, learningRate)
    {
        if (momentum < T.Zero) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be zero or more.");
        if (nesterov && (momentum <= T.Zero || dampening != T.Zero)) throw new ArgumentException("Nesterov momentum needs a momentum above zero and no dampening.", nameof(nesterov));
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        if (momentum != T.Zero) _momentum = StateBuffers();
    }

    /// <summary>μ.</summary>
    public T Momentum { get; }

    /// <summary>τ.</summary>
    public T Dampening { get; }

    /// <summary>Whether the momentum is Nesterov's.</summary>
    public bool Nesterov { get; }

    /// <summary>λ, an L2 penalty added to the gradient.</summary>
    public T WeightDecay { get; }

    /// <inheritdoc/>
    protected override void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient)
    {
        T rate = LearningRate, decay = WeightDecay, mu = Momentum, keep = T.One - Dampening;
        bool first = Steps == 1;
        Span<T> buffer = _momentum is null ? default : _momentum[index];
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vRate = new Vector<T>(rate);
            var vDecay = new Vector<T>(decay);
            var vMu = new Vector<T>(mu);
            var vKeep = new Vector<T>(keep);
            for (; i <= parameter.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var p = new Vector<T>(parameter[i..]);
                var g = new Vector<T>(gradient[i..]) + vDecay * p;
                if (_momentum is not null)
                {
                    var b = first ? g : vMu * new Vector<T>(buffer[i..]) + vKeep * g;
                    b.CopyTo(buffer[i..]);
                    g = Nesterov ? g + vMu * b : b;
                }
                (p - vRate * g).CopyTo(parameter[i..]);
            }
        }
        for (; i < parameter.Length; i++)
        {
            T g = gradient[i] + decay * parameter[i];
            if (_momentum is not null)
            {
                T b = first ? g : mu * buffer[i] + keep * g;
                buffer[i] = b;
                g = Nesterov ? g + mu * b : b;
            }
            parameter[i] -= rate * g;
        }
    }
}
