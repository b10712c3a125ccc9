using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>
/// Narrow and Concat: runs of positions along one axis. A narrow's start and length are sizes worked out
/// symbolically (<c>qkv.Narrow(2, c, c)</c> of a <c>[B, T, 3*C]</c> projection is <c>[B, T, C]</c> from position C);
/// its scalar inputs are then dropped and the node carries them as attributes, with its axis counted from the front.
/// </summary>
internal static class NarrowShapes
{
    public static IrNode Resolve(IrNode node, IReadOnlyList<IrNode> nodes, List<DiagnosticInfo> diagnostics)
    {
        var report = new ShapeReporter(node, diagnostics);
        var input = nodes[node.Input(0)].Shape;
        string operand = node.OperandDisplay(0, nodes);
        var resolved = node with { Inputs = new EquatableArray<int>(new[] { node.Input(0) }), Shape = input };
        if (AxisShapes.Normalize(node.Attributes.Axis ?? 0, input, operand, report) is not int axis) return resolved;

        if (node.Attributes.Chunks > 0) return ResolveChunk(node, resolved, input, axis, operand, report);
        var start = Position(nodes[node.Input(1)], nodes);
        var length = Position(nodes[node.Input(2)], nodes);
        if (start is null || length is null)
        {
            report.Report(DiagnosticDescriptors.ReshapeLength, (start is null ? nodes[node.Input(1)] : nodes[node.Input(2)]).Display);
            return resolved;
        }
        if (!Fits(start, length, input[axis]))
        {
            report.Mismatch("Narrow", operand, $"at least {start} + {length} long along axis {node.Attributes.Axis}", input);
            return resolved;
        }
        var dims = input.Dims.ToArray();
        dims[axis] = length;
        return resolved with
        {
            Shape = Shape.Of(dims),
            Attributes = node.Attributes with { Axis = axis, Start = start, Length = length },
        };
    }

    /// <summary>A part of a Chunk: the axis's length divided by the parts, which must come out as one size (3*C into 3 is C; C into 3 is not).</summary>
    private static IrNode ResolveChunk(IrNode node, IrNode resolved, Shape input, int axis, string operand, ShapeReporter report)
    {
        int chunks = node.Attributes.Chunks;
        var length = input[axis].DividedBy(Dim.Constant(chunks));
        if (length is null)
        {
            report.Mismatch("Chunk", operand, $"a multiple of {chunks} long along axis {node.Attributes.Axis}, so that its {chunks} parts have one size", input);
            return resolved;
        }
        var dims = input.Dims.ToArray();
        dims[axis] = length;
        return resolved with
        {
            Shape = Shape.Of(dims),
            Attributes = node.Attributes with { Axis = axis, Start = node.Attributes.ChunkIndex == 0 ? Dim.Constant(0) : length.Times(Dim.Constant(node.Attributes.ChunkIndex)), Length = length, Chunks = 0, ChunkIndex = 0 },
        };
    }

    /// <summary>
    /// The tensors joined along the axis: equal ranks and other lengths, and lengths along the axis that add up to one
    /// size (<c>C + 2*C</c> is <c>3*C</c>; <c>C + D</c> is no single size, so it is reported).
    /// </summary>
    public static Shape Concat(IrNode node, IReadOnlyList<IrNode> nodes, List<DiagnosticInfo> diagnostics)
    {
        var report = new ShapeReporter(node, diagnostics);
        var first = nodes[node.Input(0)].Shape;
        if (AxisShapes.Normalize(node.Attributes.Axis ?? 0, first, node.OperandDisplay(0, nodes), report) is not int axis) return first;

        Dim? total = Dim.Constant(0);
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            var shape = nodes[node.Input(i)].Shape;
            bool fits = shape.Rank == first.Rank && Enumerable.Range(0, first.Rank).All(a => a == axis || shape[a].Equals(first[a]));
            if (!fits)
            {
                var expected = Shape.Of(first.Dims.Select((d, a) => a == axis ? Dim.Symbol("…") : d));
                report.Mismatch("Concat", node.OperandDisplay(i, nodes), $"{expected}, the shape of '{node.OperandDisplay(0, nodes)}' but along axis {node.Attributes.Axis}", shape);
                return first;
            }
            total = total!.Plus(shape[axis]);
            if (total is null)
            {
                report.Mismatch("Concat", node.OperandDisplay(i, nodes),
                    $"a multiple of {first[axis]} along axis {node.Attributes.Axis}, so that the lengths add up to one size", shape);
                return first;
            }
        }
        return Shape.Of(first.Dims.Select((d, a) => a == axis ? total! : d));
    }

    /// <summary>A start or length: 0, or a size as a reshape's lengths are given.</summary>
    private static Dim? Position(IrNode node, IReadOnlyList<IrNode> nodes)
        => node.Kind == OpKind.Constant && node.Attributes.Value == 0 ? Dim.Constant(0) : ReshapeShapes.Size(node, nodes);

    /// <summary>Whether start + length ≤ the axis, where that can be told from the symbols; otherwise the kernel checks it at run time.</summary>
    private static bool Fits(Dim start, Dim length, Dim axis)
    {
        var end = start.Plus(length);
        if (end is null || !end.Symbols.Equals(axis.Symbols)) return true;
        return end.Factor <= axis.Factor;
    }
}
