using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>Hands out C# identifiers that are unique in the generated method and are not keywords.</summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _used = new();

    public NameScope(IEnumerable<string> reserved)
    {
        foreach (string name in reserved) _used.Add(name);
    }

    public bool IsTaken(string name) => _used.Contains(name);

    /// <summary>Takes <paramref name="name"/> exactly; it must be free.</summary>
    public void Claim(string name) => _used.Add(name);

    /// <summary><paramref name="preferred"/>, or it with the smallest numeric suffix from 2 that is free.</summary>
    public string Take(string preferred)
    {
        string name = Sanitize(preferred);
        string candidate = name;
        for (int suffix = 2; _used.Contains(candidate) || IsKeyword(candidate); suffix++) candidate = name + suffix;
        _used.Add(candidate);
        return candidate;
    }

    public static bool IsKeyword(string name)
        => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None;

    private static string Sanitize(string name)
    {
        var chars = name.Where(c => char.IsLetterOrDigit(c) || c == '_').ToArray();
        string clean = new(chars);
        if (clean.Length == 0) return "value";
        return char.IsDigit(clean[0]) ? "_" + clean : clean;
    }
}
