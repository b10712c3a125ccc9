using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>What parsing one method yields: its IR, and the source spans its diagnostics point at.</summary>
internal sealed record ParseResult(MethodIr Method, EquatableArray<SourceSpan> Spans);

/// <summary>
/// The Parse stage: the only place that touches symbols and syntax. Everything it returns is plain values, so
/// later stages are pure functions of equatable models.
/// </summary>
internal static class MethodParser
{
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        => Parse(context.TargetNode, context.TargetSymbol, context.SemanticModel, context.Attributes, cancellationToken);

    /// <summary>
    /// Parses what <c>[Differentiable]</c> is on: <paramref name="targetNode"/>, the declaration that carries it, and
    /// <paramref name="targetSymbol"/>, what it declares. The generator and the analyzer both come here, so one method
    /// gets one set of diagnostics.
    /// </summary>
    /// <param name="attributes">The <c>[Differentiable]</c> attributes on the target; it has no arguments, so that it is there is all it says.</param>
    public static ParseResult Parse(SyntaxNode targetNode, ISymbol targetSymbol, SemanticModel semanticModel,
        ImmutableArray<AttributeData> attributes, CancellationToken cancellationToken)
    {
        if (targetNode is not MethodDeclarationSyntax syntax || targetSymbol is not IMethodSymbol method)
            return NotAMethod(targetNode, targetSymbol);

        // A partial method's body is in its implementing part.
        if (method.PartialImplementationPart is { } implementation
            && implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax implementing)
        {
            syntax = implementing;
            method = implementation;
        }
        var model = syntax.SyntaxTree == semanticModel.SyntaxTree
            ? semanticModel
            : semanticModel.Compilation.GetSemanticModel(syntax.SyntaxTree);
        var spans = new SpanTable();
        int methodSpan = spans.Add(syntax.Identifier);
        var diagnostics = new List<DiagnosticInfo>();
        var fallbackType = new TypeContext(string.Empty, EquatableArray<ContainingType>.Empty);
        string key = method.ToDisplayString();

        try
        {
            var declaration = new DeclarationReader(spans, diagnostics).Read(method, syntax, methodSpan);
            if (declaration is null)
                return Result(new MethodIr(key, fallbackType, method.Name, "public", EquatableArray<ParameterIr>.Empty, ElementType.Single, false,
                    EquatableArray<IrNode>.Empty, -1, diagnostics.ToEquatableArray()), spans);

            var nodes = new List<IrNode>();
            foreach (var parameter in declaration.Parameters)
            {
                nodes.Add(new IrNode(parameter.Index, OpKind.Parameter, EquatableArray<int>.Empty, parameter.Element, parameter.IsTensor,
                    parameter.DeclaredShape, new OpAttributes { Index = parameter.Index, Size = parameter.SizeSymbol.Length > 0 ? Dim.Symbol(parameter.SizeSymbol) : null }, parameter.SpanId, parameter.Name, parameter.Name,
                    EquatableArray<string>.Empty));
            }

            // A body the compiler rejects is reported by the compiler; differentiating it would only add noise.
            bool compiles = !model.GetDiagnostics(syntax.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error);
            var body = compiles ? model.GetOperation(syntax, cancellationToken) : null;
            int result = body is null ? -1
                : BodyParser.Parse(model.Compilation, method, body, spans, nodes, diagnostics, cancellationToken);

            return Result(new MethodIr(key, declaration.Type, method.Name, declaration.Accessibility, declaration.Parameters, declaration.Element,
                declaration.ReturnsTensor, nodes.ToEquatableArray(), result, diagnostics.ToEquatableArray()), spans);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError.Id, methodSpan, method.Name, InternalError.Describe(exception)));
            return Result(new MethodIr(key, fallbackType, method.Name, "public", EquatableArray<ParameterIr>.Empty, ElementType.Single, false,
                EquatableArray<IrNode>.Empty, -1, diagnostics.ToEquatableArray()), spans);
        }
    }

    private static ParseResult Result(MethodIr method, SpanTable spans) => new(method, spans.ToArray());

    private static ParseResult NotAMethod(SyntaxNode node, ISymbol symbol)
    {
        var spans = new SpanTable();
        int span = node switch
        {
            LocalFunctionStatementSyntax local => spans.Add(local.Identifier),
            OperatorDeclarationSyntax op => spans.Add(op.OperatorToken),
            _ => spans.Add(node),
        };
        string what = node switch
        {
            LocalFunctionStatementSyntax local => $"the local function '{local.Identifier.ValueText}'",
            OperatorDeclarationSyntax op => $"the operator '{op.OperatorToken.ValueText}'",
            ConversionOperatorDeclarationSyntax => "a conversion operator",
            AccessorDeclarationSyntax => "an accessor",
            LambdaExpressionSyntax => "a lambda",
            _ => $"'{Displays.Of(node)}'",
        };
        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.NotAMethod.Id, span, what);
        string key = symbol.ToDisplayString() + "@" + node.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Result(new MethodIr(key, new TypeContext(string.Empty, EquatableArray<ContainingType>.Empty), symbol.Name, "public",
            EquatableArray<ParameterIr>.Empty, ElementType.Single, false, EquatableArray<IrNode>.Empty, -1,
            new EquatableArray<DiagnosticInfo>(new[] { diagnostic })), spans);
    }
}
