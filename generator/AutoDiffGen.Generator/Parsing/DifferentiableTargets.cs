using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>A declaration that carries <c>[Differentiable]</c>: the node, what it declares, and the matching attributes.</summary>
internal sealed class DifferentiableTarget
{
    public DifferentiableTarget(SyntaxNode node, ISymbol symbol, ImmutableArray<AttributeData> attributes)
    {
        Node = node;
        Symbol = symbol;
        Attributes = attributes;
    }

    public SyntaxNode Node { get; }

    public ISymbol Symbol { get; }

    public ImmutableArray<AttributeData> Attributes { get; }
}

/// <summary>
/// Finds what <c>[Differentiable]</c> is on by the rules of the generator's <c>ForAttributeWithMetadataName</c>: the node
/// that has the attribute in its attribute lists is the target, its symbol is the declared one (a lambda's is the one it
/// binds to), and an attribute matches by its class's full metadata name, aliases included. So the analyzer parses
/// exactly the declarations the generator parses, misplaced attributes too.
/// </summary>
internal static class DifferentiableTargets
{
    /// <summary>
    /// The target to parse when the analyzer visits <paramref name="node"/>, or null. A partial method is parsed from
    /// its implementing part, where its body and so its diagnostics are, but as the target the generator has: the part
    /// with the attribute.
    /// </summary>
    public static DifferentiableTarget? Find(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (node is MethodDeclarationSyntax method && method.Modifiers.Any(SyntaxKind.PartialKeyword)
            && model.GetDeclaredSymbol(method, cancellationToken) is IMethodSymbol symbol)
        {
            if (symbol.PartialImplementationPart is not null) return null; // visited at the implementing part
            if (symbol.PartialDefinitionPart is { } definition && Definition(definition, cancellationToken) is { } target) return target;
        }
        return OnNode(node, model, cancellationToken);
    }

    /// <summary>The target the attribute makes of <paramref name="node"/> itself.</summary>
    private static DifferentiableTarget? OnNode(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        // Most nodes of these kinds carry no attributes: nothing to bind.
        if (!node.ChildNodes().OfType<AttributeListSyntax>().Any()) return null;

        var symbol = node switch
        {
            CompilationUnitSyntax => model.Compilation.Assembly,
            LambdaExpressionSyntax => model.GetSymbolInfo(node, cancellationToken).Symbol,
            _ => model.GetDeclaredSymbol(node, cancellationToken),
        };
        if (symbol is null) return null;

        var attributes = ImmutableArray.CreateBuilder<AttributeData>();
        Add(symbol.GetAttributes());
        if (symbol is IMethodSymbol method) Add(method.GetReturnTypeAttributes());
        if (symbol is IAssemblySymbol assembly)
        {
            foreach (var module in assembly.Modules) Add(module.GetAttributes());
        }
        return attributes.Count == 0 ? null : new DifferentiableTarget(node, symbol, attributes.ToImmutable());

        void Add(ImmutableArray<AttributeData> candidates)
        {
            foreach (var attribute in candidates)
            {
                // Written on this very node: the other part of a partial method, with attributes of its own, is not a second target.
                if (attribute.ApplicationSyntaxReference is { } application && application.SyntaxTree == node.SyntaxTree
                    && node.Span.Contains(application.Span)
                    && attribute.AttributeClass?.ToDisplayString() == TypeFacts.DifferentiableAttribute)
                {
                    attributes.Add(attribute);
                }
            }
        }
    }

    private static DifferentiableTarget? Definition(IMethodSymbol definition, CancellationToken cancellationToken)
    {
        foreach (var reference in definition.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(cancellationToken);
            var attributes = definition.GetAttributes().Concat(definition.GetReturnTypeAttributes())
                .Where(a => a.ApplicationSyntaxReference is { } application && application.SyntaxTree == node.SyntaxTree
                    && node.Span.Contains(application.Span) && a.AttributeClass?.ToDisplayString() == TypeFacts.DifferentiableAttribute)
                .ToImmutableArray();
            if (!attributes.IsEmpty) return new DifferentiableTarget(node, definition, attributes);
        }
        return null;
    }
}
