using System;
using System.Collections.Generic;
using System.Globalization;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>Writes what a fused loop computes in math notation, for the comment above it: <c>h = tanh(xW1 + b1)</c>.</summary>
internal static class ExpressionText
{
    /// <summary>
    /// The text of <paramref name="id"/>, spelling out nodes for which <paramref name="inline"/> is true and naming
    /// the rest.
    /// </summary>
    public static string Of(int id, IReadOnlyList<IrNode> nodes, Func<int, bool> inline, Func<int, string> name)
    {
        var node = nodes[id];
        if (node.Kind == OpKind.Constant) return Number(node.Attributes.Value);
        if (!inline(id)) return name(id);

        string Arg(int index) => Of(node.Input(index), nodes, inline, name);
        string Operand(int index)
        {
            string text = Arg(index);
            var input = nodes[node.Input(index)];
            bool compound = inline(input.Id) && input.Kind is OpKind.Add or OpKind.Subtract or OpKind.Multiply or OpKind.Divide;
            return compound ? "(" + text + ")" : text;
        }

        return node.Kind switch
        {
            _ when Ops.BinaryOps.TryGet(node.Kind, out var binary) => binary.Text(Arg(0), Arg(1), Operand(0), Operand(1)),
            OpKind.Pow => $"{Operand(0)}^{Operand(1)}",
            OpKind.Where or OpKind.Clamp => $"{node.Kind.ToString().ToLowerInvariant()}({Arg(0)}, {Arg(1)}, {Arg(2)})",
            _ when Ops.UnaryOps.TryGet(node.Kind, out var op) && op.Text is { } text => text(Arg(0), Operand(0)),
            OpKind.BroadcastTo or OpKind.Convert => Arg(0),
            OpKind.Sum when node.IsTensor => $"Σ_{node.Attributes.Axis} {Operand(0)}",
            OpKind.Sum => $"Σ {Operand(0)}",
            OpKind.SumTo => $"sum_to({Arg(0)})",
            OpKind.Dot => $"Σ {Operand(0)} ⊙ {Operand(1)}",
            _ => $"{node.Kind.ToString().ToLowerInvariant()}({Arg(0)})",
        };
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
