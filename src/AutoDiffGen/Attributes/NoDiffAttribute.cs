namespace AutoDiffGen;

/// <summary>
/// Marks a parameter as a constant for differentiation (data, targets, hyper-parameters): it gets no gradient
/// and nothing that reaches the result only through it gets adjoint code.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class NoDiffAttribute : Attribute
{
}
