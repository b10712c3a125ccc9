using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// A loop of the plan: its body planned once, whose forward steps run in a C# <c>for</c> loop where the loop node
/// stands and whose backward steps run in a second one, counting down, where its <see cref="OpKind.LoopBackward"/>
/// stands. Each iteration reads and writes its own slices of the per-layer storage below.
/// </summary>
/// <param name="Forward">The loop node.</param>
/// <param name="Backward">Its backward node, or -1 when nothing is differentiated through the loop.</param>
/// <param name="Loop">The loop as parsed and shaped.</param>
/// <param name="Body">The body's plan: its names are free in the enclosing Compute and gradients class.</param>
/// <param name="Counter">The counter's local.</param>
/// <param name="States">The field holding each iteration's result, a slice per iteration; the last iteration writes the loop's value instead.</param>
/// <param name="GradientA">With <paramref name="GradientB"/>: the carried tensor's adjoint between iterations, alternating.</param>
/// <param name="GradientB">See <paramref name="GradientA"/>.</param>
/// <param name="Buffers">How each of the body's buffers is bound in an iteration.</param>
/// <param name="SizeSteps">Forward steps of the body (indices) computing sizes, repeated in the backward loop.</param>
/// <param name="SavedScalars">Forward scalars of the body the backward steps may read, kept per iteration in <paramref name="SavedField"/>.</param>
/// <param name="SavedField">The field of saved scalars, empty when there are none.</param>
/// <param name="ScalarGradients">Shared scalars' gradients: the body's value, summed over the iterations into a one-element slot.</param>
internal sealed record LoopSchedule(
    int Forward,
    int Backward,
    LoopIr Loop,
    ComputePlan Body,
    string Counter,
    string States,
    string GradientA,
    string GradientB,
    EquatableArray<BodyBuffer> Buffers,
    EquatableArray<int> SizeSteps,
    EquatableArray<int> SavedScalars,
    string SavedField,
    EquatableArray<ScalarGradient> ScalarGradients);

/// <summary>A shared scalar's gradient in one iteration: the body's value (-1 for zero) and the enclosing slot it is summed into.</summary>
internal sealed record ScalarGradient(int Value, string Slot);

/// <summary>What a body's buffer is in iteration l.</summary>
internal enum BodyBufferRole
{
    /// <summary>The carried tensor coming in: the loop's start in iteration 0, else the previous iteration's result.</summary>
    CarriedIn,

    /// <summary>Layer l of a stacked operand.</summary>
    LayerIn,

    /// <summary>A shared operand: the enclosing span itself, under its own name.</summary>
    SharedIn,

    /// <summary>The adjoint of the iteration's result: the loop's G in the last iteration, else what the next one gave.</summary>
    Seed,

    /// <summary>The iteration's result: the loop's value in the last iteration, else its slice of the states.</summary>
    Result,

    /// <summary>Workspace only one iteration's forward or backward steps use: one array for all.</summary>
    Workspace,

    /// <summary>Workspace the backward steps read from the forward ones: a slice per iteration.</summary>
    LayerWorkspace,

    /// <summary>The adjoint of the carried tensor coming in: the next iteration down reads it as its seed; in iteration 0 it is the loop's adjoint of its start.</summary>
    CarriedGradient,

    /// <summary>A stacked operand's gradient: its slice l of the loop's gradient.</summary>
    LayerGradient,

    /// <summary>A shared operand's gradient in one iteration, added to the loop's after it.</summary>
    SharedGradient,
}

/// <summary>One of a body's buffers and how an iteration binds it.</summary>
/// <param name="Buffer">The body's buffer.</param>
/// <param name="Role">What it is.</param>
/// <param name="Outer">The enclosing span it is (a slice of), or empty.</param>
/// <param name="Field">The gradients class's field behind it, or empty.</param>
/// <param name="Size">Its elements: the stride between iterations' slices.</param>
internal sealed record BodyBuffer(int Buffer, BodyBufferRole Role, string Outer, string Field, Dim Size);
