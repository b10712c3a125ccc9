using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// Where a diagnostic points, as plain values. Spans live in a side table next to the IR, never inside it, so an
/// edit that only moves code re-reports diagnostics without re-running the stages that emit code.
/// </summary>
internal sealed record SourceSpan(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter)
{
    public static SourceSpan From(Location location)
    {
        var lines = location.GetLineSpan();
        return new SourceSpan(
            lines.Path ?? string.Empty,
            location.SourceSpan.Start,
            location.SourceSpan.Length,
            lines.StartLinePosition.Line,
            lines.StartLinePosition.Character,
            lines.EndLinePosition.Line,
            lines.EndLinePosition.Character);
    }

    /// <summary>A location in <paramref name="tree"/>, when the span still fits it.</summary>
    public Location ToLocation(SyntaxTree tree)
        => Start + Length <= tree.Length ? Location.Create(tree, new TextSpan(Start, Length)) : ToLocation();

    public Location ToLocation() => Location.Create(
        FilePath,
        new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartCharacter), new LinePosition(EndLine, EndCharacter)));
}
