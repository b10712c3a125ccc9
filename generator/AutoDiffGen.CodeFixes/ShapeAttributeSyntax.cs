using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AutoDiffGen.CodeFixes;

/// <summary>Writes <c>[Shape("…")]</c> on a parameter.</summary>
internal static class ShapeAttributeSyntax
{
    /// <summary>The attribute, fully qualified for the simplifier to shorten where <c>using AutoDiffGen;</c> is in scope.</summary>
    public static AttributeSyntax Create(string dimensions)
        => Attribute(
            ParseName("global::AutoDiffGen.Shape").WithAdditionalAnnotations(Simplifier.Annotation),
            AttributeArgumentList(SingletonSeparatedList(AttributeArgument(Literal(dimensions)))));

    /// <summary>A string literal of the [Shape] text.</summary>
    public static LiteralExpressionSyntax Literal(string dimensions)
        => LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(dimensions));

    /// <summary>
    /// <paramref name="parameter"/> with the attribute: in its last attribute list when it has one (<c>[NoDiff, Shape("N")]</c>),
    /// otherwise in a list of its own before the type.
    /// </summary>
    public static ParameterSyntax AddTo(ParameterSyntax parameter, string dimensions)
    {
        var attribute = Create(dimensions);
        if (parameter.AttributeLists.Count > 0)
        {
            var last = parameter.AttributeLists[parameter.AttributeLists.Count - 1];
            return parameter.ReplaceNode(last, last.AddAttributes(attribute));
        }
        var list = AttributeList(SingletonSeparatedList(attribute))
            .WithLeadingTrivia(parameter.GetLeadingTrivia())
            .WithTrailingTrivia(Space);
        return parameter.WithoutLeadingTrivia().WithAttributeLists(SingletonList(list));
    }
}
