using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>
/// Flatten, Reshape, Unsqueeze and Squeeze: views whose target shape is worked out symbolically here (<c>[N, 3*E]</c>), so the lengths'
/// scalar nodes are dropped and the node carries its target.
/// </summary>
internal static class ReshapeShapes
{
    public static IrNode Resolve(IrNode node, IReadOnlyList<IrNode> nodes, List<DiagnosticInfo> diagnostics)
    {
        var report = new ShapeReporter(node, diagnostics);
        var input = nodes[node.Input(0)].Shape;
        string operand = node.OperandDisplay(0, nodes);
        Shape? target = node.Attributes.View switch
        {
            ViewForm.Unsqueeze => Unsqueeze(input, node.Attributes.Axis ?? 0, operand, report),
            ViewForm.Squeeze => Squeeze(input, node.Attributes.Axis ?? 0, operand, report),
            _ => node.Inputs.Count == 1 && node.Attributes.Axis is int start
                ? Flatten(input, start, operand, report)
                : Reshape(input, node.Inputs.Skip(1).Select(id => nodes[id]).ToList(), nodes, operand, report),
        };
        target ??= input;
        return node with
        {
            Inputs = new EquatableArray<int>(new[] { node.Input(0) }),
            Shape = target,
            Attributes = node.Attributes with { Target = target, Axis = null, View = ViewForm.Lengths },
        };
    }

    /// <summary>A new axis of length 1 at <paramref name="axis"/> of the result, which has one axis more.</summary>
    private static Shape? Unsqueeze(Shape input, int axis, string operand, ShapeReporter report)
    {
        if (axis < 0 || axis > input.Rank)
        {
            report.AxisOutOfRange(axis, operand, input);
            return null;
        }
        var dims = input.Dims.ToList();
        dims.Insert(axis, Dim.One);
        return Shape.Of(dims);
    }

    private static Shape? Squeeze(Shape input, int requested, string operand, ShapeReporter report)
    {
        if (AxisShapes.Normalize(requested, input, operand, report) is not int axis) return null;
        if (!input[axis].IsOne)
        {
            report.Mismatch("Squeeze", operand, $"of length 1 along axis {requested}", input);
            return null;
        }
        return Shape.Of(input.Dims.Where((_, i) => i != axis));
    }

    private static Shape? Flatten(Shape input, int start, string operand, ShapeReporter report)
    {
        if (AxisShapes.Normalize(start, input, operand, report) is not int axis) return null;
        var merged = input.Dims.Skip(axis).Aggregate(Dim.One, (product, dim) => product.Times(dim));
        return Shape.Of(input.Dims.Take(axis).Concat(new[] { merged }));
    }

    private static Shape? Reshape(Shape input, IReadOnlyList<IrNode> lengths, IReadOnlyList<IrNode> nodes, string operand, ShapeReporter report)
    {
        var dims = new List<Dim?>();
        foreach (var length in lengths)
        {
            if (length.Kind == OpKind.Constant && length.Attributes.Value == -1)
            {
                dims.Add(null);
                continue;
            }
            var size = Size(length, nodes);
            if (size is null)
            {
                report.Report(DiagnosticDescriptors.ReshapeLength, length.Display);
                return null;
            }
            dims.Add(size);
        }

        var known = dims.Where(d => d is not null).Aggregate(Dim.One, (product, dim) => product.Times(dim!));
        int inferred = dims.IndexOf(null);
        if (inferred >= 0)
        {
            if (dims.Count(d => d is null) > 1 || input.Count.DividedBy(known) is not { } rest)
            {
                report.Mismatch("Reshape", operand, $"divisible into [{string.Join(", ", dims.Select(d => d?.ToString() ?? "-1"))}]", input);
                return null;
            }
            dims[inferred] = rest;
        }
        var target = Shape.Of(dims.Select(d => d!));
        if (!target.Count.Equals(input.Count))
        {
            report.Mismatch("Reshape", operand, $"of {target.Count} elements to fit {target}", input);
            return null;
        }
        return target;
    }

    /// <summary>A length as a symbolic size: a positive constant, a tensor's length, or a product of them.</summary>
    internal static Dim? Size(IrNode node, IReadOnlyList<IrNode> nodes) => node.Kind switch
    {
        OpKind.Constant when node.Attributes.Value > 0 && node.Attributes.Value == System.Math.Floor(node.Attributes.Value)
            => Dim.Constant((long)node.Attributes.Value),
        OpKind.ShapeQuery when node.Attributes.Query is ShapeQueryKind.Length or ShapeQueryKind.AxisLength => LengthOf(node, nodes),
        OpKind.ShapeQuery when node.Attributes.Query == ShapeQueryKind.FlattenedLength => nodes[node.Input(0)].Shape.Count,
        OpKind.Parameter when node.Attributes.Size is { } size => size,
        OpKind.Convert => Size(nodes[node.Input(0)], nodes),
        OpKind.Multiply when Size(nodes[node.Input(0)], nodes) is { } a && Size(nodes[node.Input(1)], nodes) is { } b => a.Times(b),
        _ => null,
    };

    private static Dim? LengthOf(IrNode query, IReadOnlyList<IrNode> nodes)
    {
        var shape = nodes[query.Input(0)].Shape;
        int axis = query.Attributes.Axis ?? 0;
        if (axis < 0) axis += shape.Rank;
        return axis >= 0 && axis < shape.Rank ? shape[axis] : null;
    }
}
