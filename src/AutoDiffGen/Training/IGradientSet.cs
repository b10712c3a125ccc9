using System.ComponentModel;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen.Training;

/// <summary>
/// The gradients of a method's differentiated tensor parameters, in declaration order and named as the parameters.
/// Every generated <c>XxxGradients</c> class is one; optimizers pair it with the <see cref="ParameterSet{T}"/> that
/// <c>XxxGradients.Parameters(…)</c> made, by name, so a gradient can never update the wrong tensor.
/// </summary>
public interface IGradientSet<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The differentiated tensor parameters' names, in declaration order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>The gradient of parameter <see cref="Names"/>[<paramref name="index"/>], as the last backward pass left it.</summary>
    Tensor<T> Gradient(int index);
}

/// <summary>
/// A method's differentiated tensor parameters, bound by name through the generated <c>XxxGradients.Parameters(…)</c>,
/// for optimizers, gradient clipping and checkpoints.
/// </summary>
public sealed class ParameterSet<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Tensor<T>[] _tensors;

    /// <summary>Called by generated code; use <c>XxxGradients.Parameters(…)</c>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ParameterSet(Type gradients, string[] names, Tensor<T>[] tensors)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(tensors);
        if (names.Length != tensors.Length) throw new ArgumentException($"{names.Length} names for {tensors.Length} tensors.", nameof(tensors));
        for (int i = 0; i < tensors.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(tensors[i], names[i]);
            if (!tensors[i].IsDense) throw new ArgumentException($"'{names[i]}' must be a dense tensor to be trained in place.", names[i]);
            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(tensors[i], tensors[j])) throw new ArgumentException($"'{names[i]}' and '{names[j]}' are the same tensor; each parameter needs its own.", names[i]);
            }
        }
        Gradients = gradients;
        Names = names;
        _tensors = tensors;
    }

    /// <summary>The gradients class these parameters belong to.</summary>
    public Type Gradients { get; }

    /// <summary>The parameters' names, in declaration order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>How many parameters there are.</summary>
    public int Count => _tensors.Length;

    /// <summary>Parameter <paramref name="index"/>.</summary>
    public Tensor<T> this[int index] => _tensors[index];

    /// <summary>The parameter named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No parameter has that name.</exception>
    public Tensor<T> this[string name]
    {
        get
        {
            for (int i = 0; i < _tensors.Length; i++)
            {
                if (Names[i] == name) return _tensors[i];
            }
            throw new KeyNotFoundException($"No parameter is named '{name}'; the parameters are {string.Join(", ", Names)}.");
        }
    }

    /// <summary>
    /// Checks that <paramref name="gradients"/> belong to these parameters (the same method) and that every gradient
    /// has its parameter's shape. Allocates nothing when they do.
    /// </summary>
    /// <exception cref="ArgumentException">The gradients are another method's, or a shape differs.</exception>
    public void CheckMatches(IGradientSet<T> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        if (gradients.GetType() != Gradients)
            throw new ArgumentException($"These parameters are {Gradients.Name}'s, but the gradients are a {gradients.GetType().Name}.", nameof(gradients));
        for (int i = 0; i < _tensors.Length; i++)
        {
            var gradient = gradients.Gradient(i);
            if (gradient.Rank == 0 && _tensors[i].Rank > 0)
                throw new ArgumentException($"The gradient of '{Names[i]}' has not been computed yet: run the backward pass before the step.", nameof(gradients));
            if (!gradient.Lengths.SequenceEqual(_tensors[i].Lengths))
            {
                throw new ArgumentException($"The gradient of '{Names[i]}' is [{string.Join(", ", gradient.Lengths.ToArray())}] but '{Names[i]}' is " +
                    $"[{string.Join(", ", _tensors[i].Lengths.ToArray())}]: run the backward pass on these parameters first.", nameof(gradients));
            }
        }
    }
}
