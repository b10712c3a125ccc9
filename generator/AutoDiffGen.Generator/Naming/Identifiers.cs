using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Naming;

/// <summary>
/// How a name is spelled as a C# identifier: the one place that changes a name's case, escapes keywords and cleans
/// up text that is not an identifier. Whether a name is free is <see cref="NameScope"/>'s question.
/// </summary>
internal static class Identifiers
{
    /// <summary>
    /// Members every class and struct inherits or a record declares. A generated member by one of these names would
    /// hide or clash with it.
    /// </summary>
    public static readonly IReadOnlyList<string> ObjectMembers = new[]
    {
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize",
        "Deconstruct", "PrintMembers", "EqualityContract", "Clone",
    };

    /// <summary><c>xW1</c> → <c>XW1</c>.</summary>
    public static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

    /// <summary><c>XW1Loop</c> → <c>xW1Loop</c>.</summary>
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary>True for names C# reserves, contextual keywords included (<c>var</c>, <c>value</c>, <c>nint</c>).</summary>
    public static bool IsKeyword(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None;

    /// <summary>A user's name as written in C#: a reserved keyword gets an <c>@</c> (<c>@class</c>).</summary>
    public static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>Only the characters an identifier may hold, never starting with a digit; <c>value</c> when nothing is left.</summary>
    public static string Clean(string name)
    {
        string clean = new(name.Where(c => char.IsLetterOrDigit(c) || c == '_').ToArray());
        if (clean.Length == 0) return "value";
        return char.IsDigit(clean[0]) ? "_" + clean : clean;
    }
}
