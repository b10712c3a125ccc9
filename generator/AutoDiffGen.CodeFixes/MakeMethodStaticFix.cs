using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AutoDiffGen.CodeFixes;

/// <summary>ADG0001: makes the differentiable method static, both parts of a partial one.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeMethodStaticFix)), Shared]
public sealed class MakeMethodStaticFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.MethodNotStatic.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not MethodDeclarationSyntax method) return;

        context.RegisterCodeFix(CodeAction.Create(
            $"Make '{method.Identifier.ValueText}' static",
            cancellationToken => MakeStaticAsync(context.Document, method, cancellationToken),
            equivalenceKey: nameof(MakeMethodStaticFix)), diagnostic);
    }

    private static async Task<Solution> MakeStaticAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var symbol = model?.GetDeclaredSymbol(method, cancellationToken) as IMethodSymbol;
        // The parts of a partial method are static together or not at all.
        var parts = symbol is null
            ? Enumerable.Empty<SyntaxReference>()
            : new[] { symbol, symbol.PartialDefinitionPart, symbol.PartialImplementationPart }
                .OfType<IMethodSymbol>().SelectMany(part => part.DeclaringSyntaxReferences);

        var solution = new SolutionEditor(document.Project.Solution);
        var seen = new HashSet<SyntaxNode>();
        foreach (var part in parts)
        {
            var declaration = await part.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
            if (!seen.Add(declaration) || document.Project.Solution.GetDocument(part.SyntaxTree) is not { } partDocument) continue;
            var editor = await solution.GetDocumentEditorAsync(partDocument.Id, cancellationToken).ConfigureAwait(false);
            editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration).WithIsStatic(true));
        }
        if (seen.Count == 0)
        {
            var editor = await solution.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            editor.SetModifiers(method, editor.Generator.GetModifiers(method).WithIsStatic(true));
        }
        return solution.GetChangedSolution();
    }
}
