using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Optimization;
using AutoDiffGen.Generator.Parsing;
using AutoDiffGen.Generator.Shapes;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator;

/// <summary>
/// Generates backward passes for methods marked <c>[Differentiable]</c>: Parse → Shapes → Differentiate →
/// Optimize → Emit, each stage a pure function of an equatable model, so an edit re-runs only the stages whose
/// input changed.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class AutoDiffGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline stages, for incremental-caching tests.</summary>
    public static class Stages
    {
        public const string Parse = nameof(Parse);
        public const string Shapes = nameof(Shapes);
        public const string Differentiate = nameof(Differentiate);
        public const string Optimize = nameof(Optimize);
        public const string Emit = nameof(Emit);
        public const string Spans = nameof(Spans);

        public static IReadOnlyList<string> All { get; } = new[] { Parse, Shapes, Differentiate, Optimize, Emit, Spans };
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider.ForAttributeWithMetadataName(
                TypeFacts.DifferentiableAttribute,
                static (_, _) => true, // methods, and anything else the attribute lands on, which is reported
                MethodParser.Parse)
            .WithTrackingName(Stages.Parse);

        var emitted = parsed
            .Select(static (result, _) => result.Method)
            .Select(static (method, _) => ShapeInference.Run(method)).WithTrackingName(Stages.Shapes)
            .Select(static (method, _) => ReverseSweep.Run(method)).WithTrackingName(Stages.Differentiate)
            .Select(static (method, _) => Planner.Run(method)).WithTrackingName(Stages.Optimize)
            .Select(static (plan, _) => SourceEmitter.Emit(plan)).WithTrackingName(Stages.Emit);

        context.RegisterSourceOutput(emitted, static (production, source) =>
        {
            if (source.Text is not null) production.AddSource(source.HintName, source.Text);
        });

        // Diagnostics point into the span side table, which only Parse rebuilds: moving code re-reports them
        // without re-running the stages above. Spans become source locations only here, against the current
        // compilation's trees, so that #pragma and the IDE see them in the source.
        var spans = parsed.Select(static (result, _) => new MethodSpans(result.Method.Key, result.Spans)).WithTrackingName(Stages.Spans);
        var reports = emitted.Select(static (source, _) => new MethodDiagnostics(source.MethodKey, source.Diagnostics));
        context.RegisterSourceOutput(spans.Collect().Combine(reports.Collect()).Combine(context.CompilationProvider),
            static (production, input) => Report(production, input.Left.Left, input.Left.Right, input.Right));
    }

    private static void Report(SourceProductionContext production, ImmutableArray<MethodSpans> spans, ImmutableArray<MethodDiagnostics> reports,
        Compilation compilation)
    {
        var byMethod = new Dictionary<string, EquatableArray<SourceSpan>>();
        foreach (var entry in spans) byMethod[entry.Key] = entry.Spans;
        Dictionary<string, SyntaxTree>? trees = null;
        foreach (var report in reports)
        {
            if (report.Diagnostics.IsEmpty || !byMethod.TryGetValue(report.Key, out var table)) continue;
            trees ??= compilation.SyntaxTrees.GroupBy(t => t.FilePath).ToDictionary(g => g.Key, g => g.First());
            foreach (var diagnostic in report.Diagnostics)
            {
                var location = Location.None;
                if (diagnostic.SpanId >= 0 && diagnostic.SpanId < table.Count)
                {
                    var span = table[diagnostic.SpanId];
                    location = trees.TryGetValue(span.FilePath, out var tree) ? span.ToLocation(tree) : span.ToLocation();
                }
                production.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Find(diagnostic.Id), location, diagnostic.Arguments.ToArray()));
            }
        }
    }

    private sealed record MethodSpans(string Key, EquatableArray<SourceSpan> Spans);

    private sealed record MethodDiagnostics(string Key, EquatableArray<DiagnosticInfo> Diagnostics);
}
