using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>
/// Permute and Transpose(axis0, axis1): the axes as written become the whole permutation, every axis counted from the
/// front, so the backward rule and the kernel call read one form whatever the user wrote.
/// </summary>
internal static class PermuteShapes
{
    public static IrNode Resolve(IrNode node, IReadOnlyList<IrNode> nodes, List<DiagnosticInfo> diagnostics)
    {
        var report = new ShapeReporter(node, diagnostics);
        var input = nodes[node.Input(0)].Shape;
        string operand = node.OperandDisplay(0, nodes);
        var order = node.Attributes.SwapAxes ? Swap(node.Attributes.Axes, input, operand, report) : Order(node.Attributes.Axes, input, operand, report);
        if (order is null) return node with { Shape = input };
        return node with
        {
            Shape = Shape.Of(order.Select(axis => input[axis])),
            Attributes = node.Attributes with { Axes = new EquatableArray<int>(order), SwapAxes = false },
        };
    }

    /// <summary>The order that undoes <paramref name="order"/>: the backward pass permutes the adjoint back with it.</summary>
    public static EquatableArray<int> Inverse(EquatableArray<int> order)
    {
        var inverse = new int[order.Count];
        for (int i = 0; i < order.Count; i++) inverse[order[i]] = i;
        return new EquatableArray<int>(inverse);
    }

    private static int[]? Swap(EquatableArray<int> axes, Shape input, string operand, ShapeReporter report)
    {
        if (AxisShapes.Normalize(axes[0], input, operand, report) is not int first) return null;
        if (AxisShapes.Normalize(axes[1], input, operand, report) is not int second) return null;
        var order = Enumerable.Range(0, input.Rank).ToArray();
        (order[first], order[second]) = (order[second], order[first]);
        return order;
    }

    private static int[]? Order(EquatableArray<int> axes, Shape input, string operand, ShapeReporter report)
    {
        var order = new int[axes.Count];
        for (int i = 0; i < axes.Count; i++)
        {
            if (AxisShapes.Normalize(axes[i], input, operand, report) is not int axis) return null;
            order[i] = axis;
        }
        if (order.Length != input.Rank || order.Distinct().Count() != order.Length)
        {
            report.Report(DiagnosticDescriptors.NotAPermutation, string.Join(", ", axes.Select(AxisShapes.Text)), operand, input.ToString(),
                AxisShapes.Text(input.Rank));
            return null;
        }
        return order;
    }
}
