using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Differentiation;

namespace AutoDiffGen.Generator.Ir;

/// <summary>How a value enters a loop's body, which sees it as one of its parameters.</summary>
internal enum LoopInputKind
{
    /// <summary>The tensor the loop carries (parameter 0): the value before the loop, then each iteration's result.</summary>
    Carried,

    /// <summary><c>w.Layer(l)</c> of a stacked value <c>[L, …]</c> declared before the loop: its layer l in iteration l.</summary>
    Layer,

    /// <summary>A value declared before the loop and read as it is: the same in every iteration.</summary>
    Shared,

    /// <summary>The loop's counter, an <c>int</c> (the last parameter when the body reads it).</summary>
    Counter,
}

/// <summary>
/// A loop <c>for (int l = 0; l &lt; count; l++)</c> that reassigns one tensor: its body as a method of its own, whose
/// parameters are the carried tensor, the values it reads from before the loop and the counter, and whose result is
/// the carried tensor's next value. The body is differentiated and planned once and run in every iteration, so the
/// generated code does not grow with the trip count.
/// </summary>
/// <param name="Body">The body: parameters per <paramref name="Kinds"/>, result the carried tensor's next value.</param>
/// <param name="Roles">How each parameter of the body enters it, a <see cref="LoopInputKind"/>; every one but the counter is an
/// operand of the loop node.</param>
/// <param name="Counter">The counter's name in the source.</param>
/// <param name="TripCount">How many iterations, once the shape stage has read the bound as a size.</param>
/// <param name="Backward">On a <see cref="OpKind.LoopBackward"/>: the body with its backward pass.</param>
internal sealed record LoopIr(MethodIr Body, EquatableArray<int> Roles, string Counter, Dim? TripCount = null,
    DifferentiatedMethod? Backward = null)
{
    /// <summary>The body's parameters that are operands of the loop node: all but the counter.</summary>
    public int Operands => Roles.Count > 0 && KindOf(Roles.Count - 1) == LoopInputKind.Counter ? Roles.Count - 1 : Roles.Count;

    /// <summary>How body parameter <paramref name="parameter"/> enters the body.</summary>
    public LoopInputKind KindOf(int parameter) => (LoopInputKind)Roles[parameter];
}
