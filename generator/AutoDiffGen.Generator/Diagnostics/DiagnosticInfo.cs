using AutoDiffGen.Generator.Common;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>A diagnostic as an equatable value: the descriptor's ID, where it points and its message arguments.</summary>
/// <param name="Id">The descriptor ID, e.g. <c>ADG0201</c>.</param>
/// <param name="SpanId">The index of its location in the method's span table.</param>
/// <param name="Arguments">The message format arguments.</param>
internal sealed record DiagnosticInfo(string Id, int SpanId, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(string id, int spanId, params string[] arguments)
        => new(id, spanId, new EquatableArray<string>(arguments));

    public bool IsError => DiagnosticDescriptors.Find(Id).DefaultSeverity == DiagnosticSeverity.Error;

    public Diagnostic ToDiagnostic(Location location)
        => Diagnostic.Create(DiagnosticDescriptors.Find(Id), location, Arguments.ToArray());
}
