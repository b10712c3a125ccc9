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
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0002: makes partial every type around the differentiable method that is not, the outermost included, so the
/// generated part can reopen them all. The analyzer reports each such type; one action fixes the whole chain.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypesPartialFix)), Shared]
public sealed class MakeTypesPartialFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.TypeNotPartial.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindToken(context.Span.Start).Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
            || model?.GetDeclaredSymbol(method, context.CancellationToken) is not IMethodSymbol symbol)
        {
            return;
        }

        var types = NotPartial(symbol, context.CancellationToken);
        if (types.Count == 0) return;
        context.RegisterCodeFix(CodeAction.Create(
            $"Make {Names(types.Select(t => t.Symbol.Name).ToList())} partial",
            cancellationToken => MakePartialAsync(context.Document.Project.Solution, types, cancellationToken),
            equivalenceKey: nameof(MakeTypesPartialFix)), context.Diagnostics);
    }

    /// <summary>The containing types the analyzer finds not partial (their first declaration lacks the modifier), outermost first.</summary>
    private static List<(INamedTypeSymbol Symbol, List<TypeDeclarationSyntax> Declarations)> NotPartial(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var types = new List<(INamedTypeSymbol, List<TypeDeclarationSyntax>)>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
            if (declarations.Count > 0 && !declarations[0].Modifiers.Any(SyntaxKind.PartialKeyword))
                types.Insert(0, (type, declarations.Where(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword)).ToList()));
        }
        return types;
    }

    private static string Names(IReadOnlyList<string> names)
    {
        var quoted = names.Select(n => $"'{n}'").ToList();
        return quoted.Count == 1 ? quoted[0] : string.Join(", ", quoted.Take(quoted.Count - 1)) + " and " + quoted[quoted.Count - 1];
    }

    private static async Task<Solution> MakePartialAsync(Solution original, List<(INamedTypeSymbol Symbol, List<TypeDeclarationSyntax> Declarations)> types,
        CancellationToken cancellationToken)
    {
        var solution = new SolutionEditor(original);
        foreach (var declaration in types.SelectMany(t => t.Declarations))
        {
            if (original.GetDocument(declaration.SyntaxTree) is not { } document) continue;
            var editor = await solution.GetDocumentEditorAsync(document.Id, cancellationToken).ConfigureAwait(false);
            editor.SetModifiers(declaration, editor.Generator.GetModifiers(declaration).WithPartial(true));
        }
        return solution.GetChangedSolution();
    }
}
