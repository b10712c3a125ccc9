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

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0005: adds a <c>[Shape]</c> to the tensor parameter, with symbols the method's other shapes do not use. Without
/// a shape the body is not analyzed, and its uses would only bound the rank, not fix it, so there is one action per
/// rank from 1 to 3 and the person picks the one they mean; they then rename the symbols to the sizes they share.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddShapeFix)), Shared]
public sealed class AddShapeFix : CodeFixProvider
{
    private const int MaxRank = 3;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.MissingShape.Id);

    /// <summary>
    /// Fixing several parameters at once adds their shapes one after the other, so each gets symbols of its own; a
    /// batch of independent fixes would give them all the same ones.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
        RankOf(context.CodeActionEquivalenceKey) is int rank
            ? await AddShapesAsync(document, diagnostics.Select(d => d.Location.SourceSpan).ToList(), rank, context.CancellationToken).ConfigureAwait(false)
            : document);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        if (root is null || model is null || Target(root, diagnostic.Location.SourceSpan) is not { } target
            || model.GetDeclaredSymbol(target.Method, context.CancellationToken) is not IMethodSymbol symbol)
        {
            return;
        }
        var parameter = target.Parameter;

        var taken = ShapeSymbols.TakenIn(symbol);
        for (int rank = 1; rank <= MaxRank; rank++)
        {
            string dimensions = string.Join(", ", ShapeSymbols.Fresh(rank, new HashSet<string>(taken)));
            int chosen = rank;
            context.RegisterCodeFix(CodeAction.Create(
                $"Add [Shape(\"{dimensions}\")] to '{parameter.Identifier.ValueText}'",
                cancellationToken => AddShapesAsync(context.Document, new[] { diagnostic.Location.SourceSpan }, chosen, cancellationToken),
                equivalenceKey: EquivalenceKey(rank)), diagnostic);
        }
    }

    private static string EquivalenceKey(int rank) => nameof(AddShapeFix) + ".Rank" + rank.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int? RankOf(string? equivalenceKey)
    {
        for (int rank = 1; rank <= MaxRank; rank++)
        {
            if (equivalenceKey == EquivalenceKey(rank)) return rank;
        }
        return null;
    }

    /// <summary>The parameter a diagnostic is on (it points at the name) and its method.</summary>
    private static (ParameterSyntax Parameter, BaseMethodDeclarationSyntax Method)? Target(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        => root.FindToken(span.Start).Parent is ParameterSyntax { Parent.Parent: BaseMethodDeclarationSyntax method } parameter
            ? (parameter, method)
            : null;

    private static async Task<Document> AddShapesAsync(Document document, IReadOnlyList<Microsoft.CodeAnalysis.Text.TextSpan> spans, int rank,
        CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;

        // Each method's taken symbols once, updated as its parameters get theirs, in the order they are declared.
        var targets = spans.Select(span => Target(root, span)).OfType<(ParameterSyntax Parameter, BaseMethodDeclarationSyntax Method)>()
            .Distinct().OrderBy(t => t.Parameter.SpanStart).ToList();
        var taken = new Dictionary<BaseMethodDeclarationSyntax, HashSet<string>>();
        var replacements = new Dictionary<ParameterSyntax, ParameterSyntax>();
        foreach (var (parameter, method) in targets)
        {
            if (!taken.TryGetValue(method, out var symbols))
            {
                if (model.GetDeclaredSymbol(method, cancellationToken) is not IMethodSymbol symbol) continue;
                taken[method] = symbols = ShapeSymbols.TakenIn(symbol);
            }
            replacements[parameter] = ShapeAttributeSyntax.AddTo(parameter, string.Join(", ", ShapeSymbols.Fresh(rank, symbols)));
        }
        return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }
}
