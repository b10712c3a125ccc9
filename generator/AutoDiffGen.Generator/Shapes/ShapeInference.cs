using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>
/// The Shapes stage: gives every node its symbolic shape, checks that parameter symbols can be bound, and reports
/// shape errors on the exact expression, in the user's symbols.
/// </summary>
internal static class ShapeInference
{
    public static MethodIr Run(MethodIr method)
    {
        if (method.HasErrors) return method;
        try
        {
            return Infer(method);
        }
        catch (System.Exception exception)
        {
            var diagnostics = method.Diagnostics.ToList();
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError.Id, 0, method.Name, InternalError.Describe(exception)));
            return method with { Diagnostics = diagnostics.ToEquatableArray() };
        }
    }

    private static MethodIr Infer(MethodIr method)
    {
        var diagnostics = method.Diagnostics.ToList();
        SymbolBinding.Plan(method.Parameters, out var unbound);
        foreach (var (symbol, parameter) in unbound)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnboundSymbol.Id, parameter.SpanId, symbol, parameter.Name));

        var nodes = method.Nodes.ToArray();
        for (int i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            var shape = Infer(node, nodes, diagnostics);
            nodes[i] = node with { Shape = shape };
        }
        return method with { Nodes = nodes.ToEquatableArray(), Diagnostics = diagnostics.ToEquatableArray() };
    }

    private static Shape Infer(IrNode node, IrNode[] nodes, List<DiagnosticInfo> diagnostics)
    {
        Shape InputShape(int index) => nodes[node.Input(index)].Shape;
        string Operand(int index) => index < node.OperandDisplays.Count ? node.OperandDisplays[index] : nodes[node.Input(index)].Display;
        void Report(DiagnosticDescriptor descriptor, params string[] arguments)
            => diagnostics.Add(DiagnosticInfo.Create(descriptor.Id, node.SpanId, arguments));

        switch (node.Kind)
        {
            case OpKind.Parameter:
                return node.Shape;

            case OpKind.Add or OpKind.Subtract or OpKind.Multiply or OpKind.Divide when node.IsTensor:
            {
                var left = InputShape(0);
                var right = InputShape(1);
                var result = Broadcasting.TryBroadcast(left, right, out var conflict);
                if (result is null)
                {
                    Report(DiagnosticDescriptors.BroadcastMismatch, Operand(0), left.ToString(), Operand(1), right.ToString(),
                        $"{conflict.Left} and {conflict.Right} are neither equal nor 1");
                    return left;
                }
                if (node.Attributes.InBoxOperator && nodes[node.Input(0)].IsTensor && nodes[node.Input(1)].IsTensor && !left.Equals(right))
                    Report(DiagnosticDescriptors.InBoxBroadcast, node.Display, left.ToString(), right.ToString());
                if (node.Attributes.InPlace && !result.Equals(left))
                    Report(DiagnosticDescriptors.InPlaceShapeChange, node.Display, Operand(0), left.ToString(), result.ToString());
                return result;
            }

            case OpKind.Sum:
            {
                var input = InputShape(0);
                if (node.Attributes.Axis is not int requested) return Shape.Scalar;
                int axis = requested < 0 ? requested + input.Rank : requested;
                if (axis < 0 || axis >= input.Rank)
                {
                    Report(DiagnosticDescriptors.AxisOutOfRange, requested.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Operand(0), input.ToString(), input.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    return input;
                }
                var dims = input.Dims.ToList();
                if (node.Attributes.KeepDims || input.Rank == 1) dims[axis] = Dim.One;
                else dims.RemoveAt(axis);
                return Shape.Of(dims);
            }

            case OpKind.MatMul:
                return MatMul(node, InputShape(0), InputShape(1), Operand(0), Operand(1), Report);

            case OpKind.Dot:
            {
                var left = InputShape(0);
                var right = InputShape(1);
                if (left.Rank != 1 || right.Rank != 1)
                {
                    var (name, shape) = left.Rank != 1 ? (Operand(0), left) : (Operand(1), right);
                    Report(DiagnosticDescriptors.UnsupportedRank, "Dot", "two 1-D tensors", name, shape.ToString());
                }
                else if (!left[0].Equals(right[0]))
                {
                    Report(DiagnosticDescriptors.MatMulMismatch, "Dot", Operand(0), left.ToString(), Operand(1), right.ToString(),
                        left[0].ToString(), right[0].ToString(), string.Empty);
                }
                return Shape.Scalar;
            }

            case OpKind.Transpose:
            {
                var input = InputShape(0);
                if (input.Rank != 2)
                {
                    Report(DiagnosticDescriptors.UnsupportedRank, "Transpose", "a 2-D tensor", Operand(0), input.ToString());
                    return input;
                }
                return Shape.Of(new[] { input[1], input[0] });
            }

            case OpKind.Pow or OpKind.Negate or OpKind.Exp or OpKind.Log or OpKind.Tanh or OpKind.Sigmoid or OpKind.Relu
                or OpKind.Sqrt or OpKind.Abs or OpKind.Square or OpKind.Sin or OpKind.Cos:
                return node.IsTensor ? InputShape(0) : Shape.Scalar;

            default:
                // Scalars (constants, sizes, conversions, scalar arithmetic) and placeholders.
                return node.IsTensor ? node.Shape : Shape.Scalar;
        }
    }

    /// <summary>[m, k]·[k, n], with 1-D operands read as a row (left) or a column (right).</summary>
    private static Shape MatMul(IrNode node, Shape left, Shape right, string leftName, string rightName,
        System.Action<DiagnosticDescriptor, string[]> report)
    {
        if (left.Rank is < 1 or > 2 || right.Rank is < 1 or > 2)
        {
            var (name, shape) = left.Rank is < 1 or > 2 ? (leftName, left) : (rightName, right);
            report(DiagnosticDescriptors.UnsupportedRank, new[] { "MatMul", "1-D or 2-D operands", name, shape.ToString() });
            return Shape.Of(new[] { Dim.One });
        }

        var k = left[left.Rank - 1];
        var kRight = right[0];
        if (!k.Equals(kRight))
        {
            string hint = string.Empty;
            if (right.Rank == 2 && k.Equals(right[1]))
                hint = $"; '{rightName}' transposed would fit: {leftName}.MatMul({rightName}.Transpose())";
            else if (left.Rank == 2 && left[0].Equals(kRight))
                hint = $"; '{leftName}' transposed would fit: {leftName}.Transpose().MatMul({rightName})";
            report(DiagnosticDescriptors.MatMulMismatch, new[] { "MatMul", leftName, left.ToString(), rightName, right.ToString(), k.ToString(), kRight.ToString(), hint });
        }

        var dims = new List<Dim>();
        if (left.Rank == 2) dims.Add(left[0]);
        if (right.Rank == 2) dims.Add(right[1]);
        if (dims.Count == 0) dims.Add(Dim.One);
        return Shape.Of(dims);
    }
}
