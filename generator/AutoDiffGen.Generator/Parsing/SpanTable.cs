using System.Collections.Generic;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>Collects the source spans the IR refers to by index.</summary>
internal sealed class SpanTable
{
    private readonly List<SourceSpan> _spans = new();

    public int Add(SyntaxNode node) => Add(node.GetLocation());

    public int Add(SyntaxToken token) => Add(token.GetLocation());

    public int Add(Location location)
    {
        _spans.Add(SourceSpan.From(location));
        return _spans.Count - 1;
    }

    public EquatableArray<SourceSpan> ToArray() => _spans.ToEquatableArray();
}
