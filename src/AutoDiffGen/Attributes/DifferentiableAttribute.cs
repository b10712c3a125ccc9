namespace AutoDiffGen;

/// <summary>
/// Marks a static method in a <c>partial</c> type whose backward pass AutoDiffGen generates at compile time.
/// </summary>
/// <remarks>
/// For a method <c>Loss</c> the generator adds <c>LossGradients</c>, <c>LossBackward</c> and
/// <c>LossValueAndGradients</c> to the same type. The method itself stays ordinary C#: calling it runs the
/// forward pass eagerly.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
}
