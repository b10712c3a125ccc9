using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
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
/// Finds what <c>[Differentiable]</c> is on, from an attribute list, by the rules of the generator's
/// <c>ForAttributeWithMetadataName</c>: the list's parent is the target, its symbol is the declared one (a lambda's is
/// the one it binds to), and an attribute matches by its class's full metadata name, aliases included. So the analyzer
/// parses exactly the declarations the generator parses, misplaced attributes too. An attribute must be written on the
/// node itself, as the generator's syntactic search for the attribute's name requires.
/// </summary>
internal static class DifferentiableTargets
{
    public static DifferentiableTarget? Find(AttributeListSyntax list, SemanticModel model, CancellationToken cancellationToken)
    {
        if (list.Parent is not { } node) return null;
        // A declaration with several attribute lists is one target: it is looked at from its first list only.
        if (node.ChildNodes().OfType<AttributeListSyntax>().FirstOrDefault() != list) return null;

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
                // Written on this very node: a partial method's other part, with attributes of its own, is not a second target.
                if (attribute.ApplicationSyntaxReference is { } application && application.SyntaxTree == node.SyntaxTree
                    && node.Span.Contains(application.Span)
                    && attribute.AttributeClass?.ToDisplayString() == TypeFacts.DifferentiableAttribute)
                {
                    attributes.Add(attribute);
                }
            }
        }
    }
}
