using System.Numerics.Tensors;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Samples;

/// <summary>
/// The Adam optimizer (Kingma and Ba, 2015) for a fixed list of parameter tensors, updated in place from their
/// gradients. Allocates its moment buffers once.
/// </summary>
public sealed class Adam<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly Tensor<T>[] _parameters;
    private readonly T[][] _first;
    private readonly T[][] _second;
    private readonly T _beta1, _beta2, _epsilon;
    private int _step;

    public Adam(IReadOnlyList<Tensor<T>> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _parameters = parameters.ToArray();
        _first = _parameters.Select(p => new T[p.FlattenedLength]).ToArray();
        _second = _parameters.Select(p => new T[p.FlattenedLength]).ToArray();
        LearningRate = learningRate;
        _beta1 = T.CreateTruncating(beta1);
        _beta2 = T.CreateTruncating(beta2);
        _epsilon = T.CreateTruncating(epsilon);
    }

    public double LearningRate { get; set; }

    /// <summary>One update: <c>gradients[i]</c> is the gradient of <c>parameters[i]</c>, same shape.</summary>
    public void Step(IReadOnlyList<Tensor<T>> gradients)
    {
        _step++;
        T correction1 = T.One - T.Pow(_beta1, T.CreateTruncating(_step));
        T correction2 = T.One - T.Pow(_beta2, T.CreateTruncating(_step));
        T rate = T.CreateTruncating(LearningRate);
        for (int p = 0; p < _parameters.Length; p++)
        {
            var values = TensorData.Write(_parameters[p], "parameter");
            T[]? copy = null;
            var gradient = TensorData.Read(gradients[p], ref copy);
            var m = _first[p];
            var v = _second[p];
            for (int i = 0; i < values.Length; i++)
            {
                m[i] = _beta1 * m[i] + (T.One - _beta1) * gradient[i];
                v[i] = _beta2 * v[i] + (T.One - _beta2) * gradient[i] * gradient[i];
                values[i] -= rate * (m[i] / correction1) / (T.Sqrt(v[i] / correction2) + _epsilon);
            }
        }
    }
}
