using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>C# for a scalar node: the same <c>Math</c>/<c>MathF</c> calls the user's method makes, so values agree exactly.</summary>
internal static class ScalarExpressions
{
    /// <summary>A scalar value as an expression: its local, its literal, or 0 for <paramref name="id"/> −1 (a gradient that is always zero).</summary>
    public static string Value(ComputePlan plan, int id)
    {
        if (id < 0) return CSharp.Literal(0, plan.Method.Element);
        var storage = plan.Storage[id];
        return storage.Kind == StorageKind.Constant ? CSharp.Literal(plan.Nodes[id].Attributes.Value, plan.Nodes[id].Element) : storage.Name;
    }

    public static string Of(IrNode node, ComputePlan plan)
    {
        string Operand(int index) => Value(plan, node.Input(index));
        string A() => Operand(0);
        string B() => Operand(1);
        string math = CSharp.Math(node.Element);
        string one = CSharp.Literal(1, node.Element);
        string zero = CSharp.Literal(0, node.Element);

        return node.Kind switch
        {
            _ when Ops.BinaryOps.TryGet(node.Kind, out var binary) && binary.Scalar is { } scalarBinary => scalarBinary(A(), B()),
            OpKind.Pow => $"{math}.Pow({A()}, {B()})",
            _ when Ops.UnaryOps.TryGet(node.Kind, out var op) && op.Scalar is { } scalar => scalar(A(), math, one, zero),
            OpKind.Convert => $"({node.Element.CSharpName()}){A()}",
            OpKind.ShapeQuery => ShapeQuery(node, plan),
            _ => throw new System.InvalidOperationException($"{node.Kind} is not a scalar operation"),
        };
    }

    private static string ShapeQuery(IrNode node, ComputePlan plan)
    {
        var shape = plan.Nodes[node.Input(0)].Shape;
        switch (node.Attributes.Query)
        {
            case ShapeQueryKind.Rank:
                return CSharp.Literal(shape.Rank, ElementType.Int32);
            case ShapeQueryKind.FlattenedLength:
                return "(nint)(" + new SizeText(plan).Of(shape.Count) + ")";
            default:
                int axis = node.Attributes.Axis ?? 0;
                if (axis < 0) axis += shape.Rank;
                return "(nint)(" + new SizeText(plan).Of(shape[axis]) + ")";
        }
    }
}
