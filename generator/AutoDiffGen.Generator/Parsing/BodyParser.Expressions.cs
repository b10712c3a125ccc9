using System;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Parsing;

internal sealed partial class BodyParser
{
    private int Expression(IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();

        if (operation.ConstantValue.HasValue && TypeFacts.TryGetScalarElement(operation.Type, out var constantType))
            return Constant(operation, constantType, System.Convert.ToDouble(operation.ConstantValue.Value, CultureInfo.InvariantCulture));

        switch (operation)
        {
            case IParenthesizedOperation parenthesized:
                return Expression(parenthesized.Operand);
            case IParameterReferenceOperation parameter:
                return Variable(parameter.Parameter, operation);
            case ILocalReferenceOperation local:
                return Variable(local.Local, operation);
            case IConversionOperation conversion:
                return Conversion(conversion);
            case IBinaryOperation binary:
                return Binary(binary);
            case IUnaryOperation unary:
                return Unary(unary);
            case IInvocationOperation invocation:
                return Invocation(invocation);
            case IPropertyReferenceOperation property:
                return Property(property);
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array } element
                when _chunkGroups.TryGetValue(array.Local, out var group):
                return ChunkElement(element, group);
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array } element
                when _loop is not null && _loop.Outer._chunkGroups.TryGetValue(array.Local, out var outerGroup):
                // A part of a Chunk made before the loop: taken there, read here as a shared value.
                return Capture(Ir.LoopInputKind.Shared, _loop.Outer.ChunkElement(element, outerGroup), array.Local.Name, null,
                    ElementOf(element.Type), isTensor: true);
            case IArrayElementReferenceOperation { ArrayReference: var chunk } element when IsChunk(chunk):
                return Chunk((IInvocationOperation)chunk) is { } parts ? ChunkElement(element, parts) : Invalid();
            case IFieldReferenceOperation field:
                return Invalid(operation, $"the field '{field.Field.Name}' is not a constant; pass its value as a [NoDiff] parameter");
            default:
                if (operation.Type is { } type && !TypeFacts.IsTensor(type) && !TypeFacts.TryGetScalarElement(type, out _))
                    return Invalid(operation, $"values of type '{type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}' cannot be differentiated");
                return Invalid(operation, $"{Article(operation.Kind)} cannot be differentiated");
        }
    }

    private int Conversion(IConversionOperation conversion)
    {
        var operand = conversion.Operand;
        // Tensor<T> -> ReadOnlyTensorSpan<T> for System.Numerics.Tensors' statics, and identity conversions.
        if (TypeFacts.IsTensor(operand.Type) && (TypeFacts.IsTensor(conversion.Type) || IsTensorSpan(conversion.Type)))
            return Expression(operand);

        if (TypeFacts.TryGetScalarElement(operand.Type, out var from) && TypeFacts.TryGetScalarElement(conversion.Type, out var to))
        {
            int value = Expression(operand);
            return from == to ? value : ConvertTo(value, to, conversion);
        }
        return Invalid(conversion, $"a conversion to '{conversion.Type?.ToDisplayString()}' cannot be differentiated");
    }

    private int Binary(IBinaryOperation binary)
    {
        var kind = BinaryKind(binary.OperatorKind);
        if (kind is null)
            return Invalid(binary, $"the '{OperatorToken(binary.Syntax)}' operator has no derivative");

        bool isTensor = TypeFacts.IsTensor(binary.Type);
        if (isTensor && !IsSupportedOperator(binary.OperatorMethod))
        {
            Report(DiagnosticDescriptors.UnsupportedCall, binary.Syntax, binary.OperatorMethod?.ToDisplayString() ?? Displays.Of(binary.Syntax),
                "only AutoDiffGen's tensor operators are differentiable");
            return Invalid();
        }
        if (!isTensor && binary.OperatorMethod is not null)
            return Invalid(binary, $"the user-defined operator '{binary.OperatorMethod.ToDisplayString()}' cannot be differentiated");

        int left = Expression(binary.LeftOperand);
        int right = Expression(binary.RightOperand);
        var attributes = isTensor && IsInBox(binary.OperatorMethod) ? new OpAttributes { InBox = "operator" } : OpAttributes.None;
        return Add(kind.Value, ElementOf(binary.Type), isTensor, binary, attributes, new[] { left, right },
            Displays.Of(binary.LeftOperand), Displays.Of(binary.RightOperand));
    }

    private int Unary(IUnaryOperation unary)
    {
        int operand = Expression(unary.Operand);
        switch (unary.OperatorKind)
        {
            case UnaryOperatorKind.Plus:
                return operand;
            case UnaryOperatorKind.Minus:
                return Add(OpKind.Negate, ElementOf(unary.Type), TypeFacts.IsTensor(unary.Type), unary, OpAttributes.None,
                    new[] { operand }, Displays.Of(unary.Operand));
            default:
                return Invalid(unary, $"the '{OperatorToken(unary.Syntax)}' operator has no derivative");
        }
    }

    /// <summary><c>x.Lengths[i]</c>, <c>x.Lengths.Length</c>, <c>x.FlattenedLength</c> and <c>x.Rank</c>: sizes, constant for differentiation.</summary>
    private int Property(IPropertyReferenceOperation property)
    {
        if (property.Property.IsIndexer && property.Instance is IPropertyReferenceOperation { Property.Name: "Lengths", Instance: { } lengthsOf }
            && TypeFacts.IsTensor(lengthsOf.Type))
        {
            var index = property.Arguments.FirstOrDefault()?.Value;
            if (index?.ConstantValue.Value is not int axis)
            {
                Report(DiagnosticDescriptors.NonConstantArgument, property.Syntax, "index", "Lengths");
                return Invalid();
            }
            int tensor = Expression(lengthsOf);
            return Add(OpKind.ShapeQuery, ElementType.NativeInt, false, property, new OpAttributes { Query = ShapeQueryKind.Length, Axis = axis },
                new[] { tensor }, Displays.Of(lengthsOf));
        }

        if (property.Property.IsIndexer && property.Instance is { } indexed && TypeFacts.IsTensor(indexed.Type))
            return Invalid(property, "reading or writing single elements of a tensor cannot be differentiated; compute with whole-tensor ops");

        var (query, of) = property switch
        {
            { Property.Name: "FlattenedLength", Instance: { } t } when TypeFacts.IsTensor(t.Type) => (ShapeQueryKind.FlattenedLength, t),
            { Property.Name: "Rank", Instance: { } t } when TypeFacts.IsTensor(t.Type) => (ShapeQueryKind.Rank, t),
            { Property.Name: "Length", Instance: IPropertyReferenceOperation { Property.Name: "Lengths", Instance: { } t } } when TypeFacts.IsTensor(t.Type) => (ShapeQueryKind.Rank, t),
            _ => ((ShapeQueryKind?)null, (IOperation?)null),
        };
        if (query is null || of is null)
            return Invalid(property, $"the property '{property.Property.Name}' cannot be differentiated; only a tensor's Lengths, FlattenedLength and Rank can be read");

        int source = Expression(of);
        var element = query == ShapeQueryKind.Rank ? ElementType.Int32 : ElementType.NativeInt;
        return Add(OpKind.ShapeQuery, element, false, property, new OpAttributes { Query = query.Value }, new[] { source }, Displays.Of(of));
    }

    private int Constant(IOperation? at, ElementType element, double value)
        => Add(OpKind.Constant, element, false, at, new OpAttributes { Value = value }, Array.Empty<int>());

    private int ConvertTo(int value, ElementType element, IOperation at)
        => _nodes[value].Element == element ? value : Add(OpKind.Convert, element, false, at, OpAttributes.None, new[] { value });

    /// <summary>Appends a node and returns its ID.</summary>
    private int Add(OpKind kind, ElementType element, bool isTensor, IOperation? at, OpAttributes attributes, int[] inputs, params string[] operandDisplays)
    {
        int id = _nodes.Count;
        string name = kind is OpKind.Constant or OpKind.Invalid ? string.Empty : DefaultNames.For(kind, inputs.Select(i => _nodes[i].Name).ToList());
        _nodes.Add(new IrNode(
            id, kind, inputs.ToEquatableArray(), element, isTensor, Shape.Scalar, attributes,
            at is null ? -1 : _callSite ?? _spans.Add(at.Syntax), name, Displays.Of(at?.Syntax),
            operandDisplays.ToEquatableArray()));
        return id;
    }

    /// <summary>Reports an unsupported expression and returns a placeholder so parsing can go on and find more.</summary>
    private int Invalid(IOperation at, string reason)
    {
        Report(DiagnosticDescriptors.UnsupportedExpression, at.Syntax, Displays.Of(at.Syntax), reason);
        return Invalid();
    }

    private int Invalid()
        => Add(OpKind.Invalid, ElementType.Single, false, null, OpAttributes.None, Array.Empty<int>());

    private void Report(DiagnosticDescriptor descriptor, SyntaxNode at, params string[] arguments)
        => _diagnostics.Add(DiagnosticInfo.Create(descriptor.Id, _spans.Add(at), arguments));

    private static ElementType ElementOf(ITypeSymbol? type)
        => TypeFacts.TryGetTensorElement(type, out var element) || TypeFacts.TryGetScalarElement(type, out element) ? element : ElementType.Single;

    private static ElementType Wider(ElementType a, ElementType b)
        => a == ElementType.Double || b == ElementType.Double ? ElementType.Double
            : a == ElementType.Single || b == ElementType.Single ? ElementType.Single
            : a == ElementType.NativeInt || b == ElementType.NativeInt ? ElementType.NativeInt : ElementType.Int32;

    private static OpKind? BinaryKind(BinaryOperatorKind kind) => Ops.BinaryOps.ForOperator(kind);

    /// <summary>The operator as written: <c>%</c> in <c>x % 2</c>.</summary>
    private static string OperatorToken(SyntaxNode syntax) => syntax switch
    {
        Microsoft.CodeAnalysis.CSharp.Syntax.BinaryExpressionSyntax binary => binary.OperatorToken.Text,
        Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax assignment => assignment.OperatorToken.Text,
        Microsoft.CodeAnalysis.CSharp.Syntax.PrefixUnaryExpressionSyntax prefix => prefix.OperatorToken.Text,
        Microsoft.CodeAnalysis.CSharp.Syntax.PostfixUnaryExpressionSyntax postfix => postfix.OperatorToken.Text,
        _ => Displays.Of(syntax),
    };

    private static string OperatorText(OpKind kind) => kind switch
    {
        OpKind.Add => "+",
        OpKind.Subtract => "-",
        OpKind.Multiply => "*",
        _ => "/",
    };

    /// <summary>AutoDiffGen's operators, and System.Numerics.Tensors' (whose broadcasting the shape stage checks).</summary>
    private static bool IsSupportedOperator(IMethodSymbol? method)
        => method is not null && (TypeFacts.IsTensorMath(method.ContainingType) || TypeFacts.IsInBoxTensor(method.ContainingType));

    private bool IsInBox(IMethodSymbol? method) => _inBoxBroadcastsWrongly && method is not null && TypeFacts.IsInBoxTensor(method.ContainingType);

    private static bool IsTensorSpan(ITypeSymbol? type)
        => type is INamedTypeSymbol { Name: "ReadOnlyTensorSpan" or "TensorSpan", Arity: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System.Numerics.Tensors";

    private static string Article(OperationKind kind)
    {
        string name = kind.ToString();
        var words = new System.Text.StringBuilder();
        foreach (char c in name)
        {
            if (char.IsUpper(c) && words.Length > 0) words.Append(' ');
            words.Append(char.ToLowerInvariant(c));
        }
        string text = words.ToString();
        return ("aeiou".IndexOf(text[0]) >= 0 ? "an " : "a ") + text;
    }
}
