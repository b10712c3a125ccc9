using System.Collections.Generic;
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
/// input changed. It reports nothing: <see cref="AutoDiffAnalyzer"/> runs the same stages and reports their
/// diagnostics, so that they can be configured by category and have code fixes.
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

        public static IReadOnlyList<string> All { get; } = new[] { Parse, Shapes, Differentiate, Optimize, Emit };
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Only the IR goes on: the spans are for diagnostics, so an edit that only moves code stops here.
        var parsed = context.SyntaxProvider.ForAttributeWithMetadataName(
                TypeFacts.DifferentiableAttribute,
                static (_, _) => true, // methods, and anything else the attribute lands on, which the analyzer reports
                static (target, cancellationToken) => MethodParser.Parse(target, cancellationToken).Method)
            .WithTrackingName(Stages.Parse);

        var emitted = parsed
            .Select(static (method, _) => ShapeInference.Run(method)).WithTrackingName(Stages.Shapes)
            .Select(static (method, _) => ReverseSweep.Run(method)).WithTrackingName(Stages.Differentiate)
            .Select(static (method, _) => Planner.Run(method)).WithTrackingName(Stages.Optimize)
            .Select(static (plan, _) => SourceEmitter.Emit(plan)).WithTrackingName(Stages.Emit);

        context.RegisterSourceOutput(emitted, static (production, source) =>
        {
            if (source.Text is not null) production.AddSource(source.HintName, source.Text);
        });
    }
}
