using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>The extra results each kernel writes besides its value, and whether the kernel needs them written.</summary>
internal static class KernelSlots
{
    /// <summary>One extra result.</summary>
    /// <param name="Slot">1, 2, … as in <see cref="OpKind.KernelOutput"/>.</param>
    /// <param name="Shape">Its shape.</param>
    /// <param name="Element">Its element type.</param>
    /// <param name="Required">True when the kernel always writes it (a forward pass saving what its backward pass reads);
    /// false when it may be skipped (an empty span) if nothing reads it.</param>
    public sealed record Slot(int Number, Shape Shape, ElementType Element, bool Required);

    /// <summary>The shape of a slot holding a scalar (a loop's shared scalar's gradient): one element.</summary>
    public static readonly Shape ScalarSlot = Shape.Of(new[] { Dim.One });

    public static IReadOnlyList<Slot> Of(IrNode node, IReadOnlyList<IrNode> nodes)
    {
        var x = nodes[node.Input(0)].Shape;
        var floating = node.Kind is OpKind.MaxBackward or OpKind.Max ? nodes[node.Input(0)].Element : node.Element;
        switch (node.Kind)
        {
            case OpKind.Max:
                return new[] { new Slot(1, node.Shape, ElementType.Int32, true) };
            case OpKind.CrossEntropy:
                return new[] { new Slot(1, Shape.Of(new[] { x[0] }), floating, true) };
            case OpKind.BatchNorm:
                return new[] { new Slot(1, x, floating, true), new Slot(2, Shape.Of(new[] { x[x.Rank - 1] }), floating, true) };
            case OpKind.LayerNorm:
                var rows = x.Rank > 1 ? Shape.Of(x.Dims.Take(x.Rank - 1)) : Shape.Of(new[] { Dim.One });
                return new[] { new Slot(1, x, floating, true), new Slot(2, rows, floating, true) };
            case OpKind.Attention:
                return new[] { new Slot(1, Shape.Of(x.Dims.Take(x.Rank - 1)), floating, true) };
            case OpKind.AttentionBackward:
                return new[] { new Slot(1, nodes[node.Input(2)].Shape, floating, false), new Slot(2, nodes[node.Input(3)].Shape, floating, false) };
            case OpKind.LoopBackward:
                // Inputs G, the loop, then its operands: slot i is operand i's gradient.
                return Enumerable.Range(1, node.Attributes.Loop!.Operands - 1)
                    .Select(i => new Slot(i, nodes[node.Input(2 + i)].IsTensor ? nodes[node.Input(2 + i)].Shape : ScalarSlot, node.Element, false)).ToArray();
            case OpKind.BatchNormBackward or OpKind.LayerNormBackward:
                var features = Shape.Of(new[] { node.Shape[node.Shape.Rank - 1] });
                return new[] { new Slot(1, features, floating, false), new Slot(2, features, floating, false) };
            default:
                return System.Array.Empty<Slot>();
        }
    }
}
