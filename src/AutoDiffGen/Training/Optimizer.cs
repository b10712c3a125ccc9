using System.Numerics;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Training;

/// <summary>
/// Updates a <see cref="ParameterSet{T}"/> in place from a generated gradients object, one fused pass over each
/// parameter's elements, allocating nothing per step (its state buffers are allocated once, with the optimizer).
/// </summary>
public abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <param name="parameters">The tensors to train, from the generated <c>XxxGradients.Parameters(…)</c>.</param>
    /// <param name="learningRate">The step size; a schedule may change it between steps.</param>
    protected Optimizer(ParameterSet<T> parameters, T learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(learningRate >= T.Zero)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be zero or more.");
        Parameters = parameters;
        LearningRate = learningRate;
    }

    /// <summary>The tensors being trained.</summary>
    public ParameterSet<T> Parameters { get; }

    /// <summary>The step size of the next step.</summary>
    public T LearningRate { get; set; }

    /// <summary>How many steps have been taken.</summary>
    public int Steps { get; private set; }

    /// <summary>One update of every parameter from its gradient in <paramref name="gradients"/>.</summary>
    /// <exception cref="ArgumentException">The gradients are another method's, or a shape differs from its parameter's.</exception>
    public void Step(IGradientSet<T> gradients)
    {
        Parameters.CheckMatches(gradients);
        Steps++;
        for (int i = 0; i < Parameters.Count; i++)
        {
            T[]? copy = null;
            var gradient = TensorData.Read(gradients.Gradient(i), ref copy);
            Update(i, TensorData.Write(Parameters[i], Parameters.Names[i]), gradient);
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place; <see cref="Steps"/> is already this step's number (from 1).</summary>
    protected abstract void Update(int index, Span<T> parameter, ReadOnlySpan<T> gradient);

    /// <summary>One zeroed state buffer per parameter, the parameter's size.</summary>
    protected T[][] StateBuffers() => Enumerable.Range(0, Parameters.Count).Select(i => new T[Parameters[i].FlattenedLength]).ToArray();
}
