using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiffGen.Generator;

/// <summary>
/// Reports AutoDiffGen's diagnostics. It parses each declaration that carries <c>[Differentiable]</c> as
/// <see cref="AutoDiffGenerator"/> does and runs the same stages after it, so a method gets the same diagnostics at
/// the same places; being an analyzer's, they obey severity settings by ID and by category and can have code fixes.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AutoDiffAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All.ToImmutableArray();

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        // Every kind of declaration an attribute can be written on, not only methods: the attribute on a local function,
        // a lambda or an accessor is reported too. A diagnostic is reported from the declaration it is in, so the editor
        // can refresh it when that declaration changes.
        context.RegisterSyntaxNodeAction(Analyze, AttributeTargets);
    }

    /// <summary>The kinds of node whose attribute lists can hold <c>[Differentiable]</c> and which declare a symbol.</summary>
    internal static ImmutableArray<SyntaxKind> AttributeTargets { get; } = ImmutableArray.Create(
        SyntaxKind.MethodDeclaration, SyntaxKind.LocalFunctionStatement, SyntaxKind.ParenthesizedLambdaExpression,
        SyntaxKind.SimpleLambdaExpression, SyntaxKind.OperatorDeclaration, SyntaxKind.ConversionOperatorDeclaration,
        SyntaxKind.ConstructorDeclaration, SyntaxKind.DestructorDeclaration, SyntaxKind.GetAccessorDeclaration,
        SyntaxKind.SetAccessorDeclaration, SyntaxKind.InitAccessorDeclaration, SyntaxKind.AddAccessorDeclaration,
        SyntaxKind.RemoveAccessorDeclaration, SyntaxKind.PropertyDeclaration, SyntaxKind.IndexerDeclaration,
        SyntaxKind.EventDeclaration, SyntaxKind.ClassDeclaration, SyntaxKind.StructDeclaration, SyntaxKind.RecordDeclaration,
        SyntaxKind.RecordStructDeclaration, SyntaxKind.InterfaceDeclaration, SyntaxKind.EnumDeclaration,
        SyntaxKind.DelegateDeclaration, SyntaxKind.EnumMemberDeclaration, SyntaxKind.Parameter, SyntaxKind.TypeParameter,
        SyntaxKind.CompilationUnit);

    private static void Analyze(SyntaxNodeAnalysisContext context)
    {
        foreach (var diagnostic in DiagnosticsOf(context.Node, context.SemanticModel, context.CancellationToken))
            context.ReportDiagnostic(diagnostic);
    }

    /// <summary>What the analyzer reports when it visits <paramref name="node"/>: nothing unless it is a target of <c>[Differentiable]</c>.</summary>
    internal static IEnumerable<Diagnostic> DiagnosticsOf(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (DifferentiableTargets.Find(node, model, cancellationToken) is not { } target) return Enumerable.Empty<Diagnostic>();
        var parsed = MethodParser.Parse(target.Node, target.Symbol, model, target.Attributes, cancellationToken);
        var diagnostics = StageDiagnostics.Of(parsed.Method);
        return diagnostics.Select(d => d.ToDiagnostic(Locate(d.SpanId, parsed.Spans, node.SyntaxTree, model.Compilation))).ToList();
    }

    /// <summary>The span as a location in the tree being analyzed, or in the tree it names (a partial method's other part).</summary>
    private static Location Locate(int spanId, EquatableArray<SourceSpan> spans, SyntaxTree current, Compilation compilation)
    {
        if (spanId < 0 || spanId >= spans.Count) return Location.None;
        var span = spans[spanId];
        var tree = span.FilePath == current.FilePath ? current : compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == span.FilePath);
        return tree is null ? span.ToLocation() : span.ToLocation(tree);
    }
}
