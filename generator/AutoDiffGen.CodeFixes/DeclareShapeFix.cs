using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0201, when the message says "declare 'W1' as [3*E, H]": rewrites that parameter's <c>[Shape]</c> to the
/// dimensions the product needs, which the diagnostic carries in its properties.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeclareShapeFix)), Shared]
public sealed class DeclareShapeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.MatMulMismatch.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(FixProperties.Fix, out var fix) || fix != FixProperties.DeclareShape
            || !diagnostic.Properties.TryGetValue(FixProperties.Parameter, out var name) || name is null
            || !diagnostic.Properties.TryGetValue(FixProperties.Dimensions, out var dimensions) || dimensions is null)
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
            || (model?.GetDeclaredSymbol(method, context.CancellationToken) as IMethodSymbol)?.Parameters.FirstOrDefault(p => p.Name == name) is not { } parameter
            || TypeFacts.FindAttribute(parameter, TypeFacts.ShapeAttribute)?.ApplicationSyntaxReference is not { } application)
        {
            return;
        }

        context.RegisterCodeFix(CodeAction.Create(
            $"Declare '{name}' as [{dimensions}]",
            cancellationToken => RewriteAsync(context.Document.Project.Solution, application, dimensions, cancellationToken),
            equivalenceKey: nameof(DeclareShapeFix)), diagnostic);
    }

    /// <summary>The attribute's text argument replaced; it may be in another file, on the other part of a partial method.</summary>
    private static async Task<Solution> RewriteAsync(Solution solution, SyntaxReference application, string dimensions, CancellationToken cancellationToken)
    {
        if (await application.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not AttributeSyntax { ArgumentList.Arguments.Count: > 0 } attribute
            || solution.GetDocument(application.SyntaxTree) is not { } document
            || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root)
        {
            return solution;
        }
        var argument = attribute.ArgumentList.Arguments[0];
        var text = ShapeAttributeSyntax.Literal(dimensions).WithTriviaFrom(argument.Expression);
        return document.WithSyntaxRoot(root.ReplaceNode(argument.Expression, text)).Project.Solution;
    }
}
