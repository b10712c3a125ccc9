using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>One statement group of the generated method, in execution order.</summary>
internal abstract record PlanStep(bool IsBackward);

/// <summary><c>T name = expression;</c> for a scalar node.</summary>
internal sealed record ScalarStep(bool IsBackward, int Value) : PlanStep(IsBackward);

/// <summary>Zero a buffer before a loop accumulates into it, or for a gradient that is always zero.</summary>
internal sealed record ClearStep(bool IsBackward, int Buffer) : PlanStep(IsBackward);

/// <summary>Copy one buffer into another (a gradient that is another value's storage).</summary>
internal sealed record CopyStep(bool IsBackward, int Source, int Destination) : PlanStep(IsBackward);

/// <summary>A fused elementwise loop.</summary>
internal sealed record LoopStep(bool IsBackward, LoopPlan Loop) : PlanStep(IsBackward);

/// <summary>
/// <c>output = op(a)·op(b)</c> (or <c>+=</c>), by the runtime GEMM; plus <paramref name="Bias"/> added to every row
/// when it is a value (see <see cref="GemmEpilogue"/>), -1 otherwise.
/// </summary>
internal sealed record GemmStep(bool IsBackward, int Output, int A, int B, Dim M, Dim N, Dim K, bool TransposeA, bool TransposeB, bool Accumulate,
    int Bias = -1)
    : PlanStep(IsBackward)
{
    /// <summary>The batch of products and their strides, when this is more than one product; null otherwise.</summary>
    public MatMulLayout? Batch { get; init; }
}

/// <summary>A runtime kernel call computing <paramref name="Node"/> (and its extra results, see <see cref="SlotPlan"/>).</summary>
internal sealed record KernelStep(bool IsBackward, int Node) : PlanStep(IsBackward);

/// <summary>A materialized 2-D transpose.</summary>
internal sealed record TransposeStep(bool IsBackward, int Output, int Input, Dim Rows, Dim Columns) : PlanStep(IsBackward);

/// <summary>A materialized permutation of the axes of a tensor of shape <paramref name="Lengths"/>.</summary>
internal sealed record PermuteStep(bool IsBackward, int Output, int Input, EquatableArray<Dim> Lengths, EquatableArray<int> Axes) : PlanStep(IsBackward);

/// <summary>What a loop operand is to the loop.</summary>
internal enum OperandRole
{
    /// <summary>A tensor read from a buffer.</summary>
    Input,

    /// <summary>A C# scalar, the same in every lane.</summary>
    ScalarInput,

    /// <summary>A tensor written element by element.</summary>
    Store,

    /// <summary>A tensor summed into (it is cleared first): a broadcast adjoint or a reduction along some axes.</summary>
    Accumulate,

    /// <summary>A C# scalar total of every element.</summary>
    Total,
}

/// <summary>
/// A fused loop over <c>[rows, columns]</c>, rows being the product of <see cref="Outer"/>. Each operand advances
/// by its own stride per outer axis (0 where it is broadcast) and is either contiguous or the same along a row.
/// </summary>
/// <param name="Name">The loop body struct's name.</param>
/// <param name="Local">The local holding the body in <c>Compute</c>.</param>
/// <param name="Outer">The outer extents after merging axes.</param>
/// <param name="Inner">The row length.</param>
/// <param name="Operands">Inputs and outputs.</param>
/// <param name="Body">The nodes computed per element, in order.</param>
/// <param name="Summary">What it computes, for the comment above the call.</param>
/// <param name="Names">The identifiers the body struct declares.</param>
internal sealed record LoopPlan(string Name, string Local, EquatableArray<Dim> Outer, Dim Inner, EquatableArray<LoopOperand> Operands,
    EquatableArray<int> Body, string Summary, LoopNames Names);

/// <summary>One value a loop reads or writes.</summary>
/// <param name="Value">The node.</param>
/// <param name="Role">How the loop uses it.</param>
/// <param name="OuterStrides">Element stride per outer axis; 0 where broadcast.</param>
/// <param name="InnerContiguous">True when it advances along the row, false when one element serves the whole row.</param>
internal sealed record LoopOperand(int Value, OperandRole Role, EquatableArray<Dim> OuterStrides, bool InnerContiguous);
