using System.Collections.Immutable;
using System.Linq;
using AutoDiffGen.Generator.Common;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>A diagnostic as an equatable value: the descriptor's ID, where it points, its message arguments and the data a code fix needs.</summary>
/// <param name="Id">The descriptor ID, e.g. <c>ADG0201</c>.</param>
/// <param name="SpanId">The index of its location in the method's span table.</param>
/// <param name="Arguments">The message format arguments.</param>
internal sealed record DiagnosticInfo(string Id, int SpanId, EquatableArray<string> Arguments)
{
    /// <summary>What a code fix needs to know, as <see cref="Diagnostic.Properties"/> (keys in <see cref="FixProperties"/>).</summary>
    public EquatableArray<DiagnosticProperty> Properties { get; init; } = EquatableArray<DiagnosticProperty>.Empty;

    public static DiagnosticInfo Create(string id, int spanId, params string[] arguments)
        => new(id, spanId, new EquatableArray<string>(arguments));

    public bool IsError => DiagnosticDescriptors.Find(Id).DefaultSeverity == DiagnosticSeverity.Error;

    public Diagnostic ToDiagnostic(Location location)
    {
        var properties = Properties.IsEmpty
            ? null
            : Properties.ToImmutableDictionary(p => p.Key, p => (string?)p.Value);
        return Diagnostic.Create(DiagnosticDescriptors.Find(Id), location, properties, Arguments.ToArray());
    }
}

/// <summary>One entry of a diagnostic's properties.</summary>
internal readonly record struct DiagnosticProperty(string Key, string Value);
