using System;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// A loop's derivative: its body differentiated once, as a vector-Jacobian product of the carried tensor, and run
/// backward through the iterations in reverse by one <see cref="OpKind.LoopBackward"/> kernel. G flows from each
/// iteration's result to its carried input; a stacked value's layer l gets iteration l's gradient, a shared value the
/// sum over every iteration.
/// </summary>
internal static class LoopRule
{
    public static void Apply(GraphBuilder b, IrNode node, int g, Func<int, bool> needs, Action<int, Func<int>, string> give)
    {
        var loop = node.Attributes.Loop!;
        // The carried tensor is differentiated whenever anything is: the gradient of layer l's weights flows through the
        // iterations after it, even when the loop's start depends on nothing differentiated.
        var parameters = loop.Body.Parameters.Select((p, i) => p with
        {
            IsDifferentiated = p.Element.IsFloating() && i < loop.Operands && (i == 0 || needs(i)),
        });
        var body = ReverseSweep.Run(loop.Body with { Parameters = parameters.ToEquatableArray() });
        if (body.HasErrors) throw new InvalidOperationException("the loop's body could not be differentiated: " + string.Join("; ", body.Diagnostics.Where(d => d.IsError)));

        int? backward = null;
        int Backward()
        {
            var inputs = new[] { g, node.Id }.Concat(Enumerable.Range(0, loop.Operands).Select(node.Input)).ToArray();
            return backward ??= b.Kernel(OpKind.LoopBackward, b.ShapeOf(node.Input(0)), node.Attributes with { Loop = loop with { Backward = body } }, inputs);
        }

        string counter = loop.Counter;
        give(0, Backward, $"Loop over {counter}: G back through every iteration, last first");
        for (int i = 1; i < loop.Operands; i++)
        {
            int operand = i;
            string rule = loop.KindOf(i) == LoopInputKind.Layer
                ? $"Loop over {counter}: layer {counter}'s gradient from iteration {counter}"
                : $"Loop over {counter}: the sum of every iteration's gradient";
            // A scalar's gradient, summed over the iterations, travels in a one-element slot.
            give(operand, () => b[node.Input(operand)].IsTensor
                ? b.KernelOutput(Backward(), operand, b.ShapeOf(node.Input(operand)))
                : b.SumTo(b.KernelOutput(Backward(), operand, KernelSlots.ScalarSlot), Shape.Scalar), rule);
        }
    }
}
