using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>Source text for messages: whitespace folded so layout edits leave the IR unchanged, and long text shortened.</summary>
internal static class Displays
{
    private const int MaxLength = 60;

    public static string Of(SyntaxNode? syntax)
    {
        if (syntax is null) return string.Empty;
        var text = new StringBuilder();
        bool space = false;
        foreach (char c in syntax.ToString())
        {
            if (char.IsWhiteSpace(c))
            {
                space = text.Length > 0;
                continue;
            }
            if (space) text.Append(' ');
            space = false;
            text.Append(c);
        }
        return text.Length <= MaxLength ? text.ToString() : text.ToString(0, MaxLength - 1) + "…";
    }

    /// <summary>The operand as the user wrote it, looking through implicit conversions.</summary>
    public static string Of(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
        return Of(operation.Syntax);
    }
}
