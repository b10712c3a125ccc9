using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Parsing;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.CodeFixes;

/// <summary>The shape symbols a method already uses, and fresh ones that are none of them.</summary>
internal static class ShapeSymbols
{
    // The usual names first (batch, features, hidden, classes, …), then the rest of the alphabet.
    private static readonly string[] Preferred =
        { "N", "D", "H", "C", "K", "M", "E", "F", "G", "B", "L", "P", "Q", "R", "S", "T", "U", "V", "W", "A" };

    /// <summary>
    /// The symbols in the method's [Shape]s and its parameter names: a fresh symbol spelled like a parameter would
    /// read as if the two were related.
    /// </summary>
    public static HashSet<string> TakenIn(IMethodSymbol method)
    {
        var taken = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var parameter in method.Parameters)
        {
            taken.Add(parameter.Name);
            if (TypeFacts.FindAttribute(parameter, TypeFacts.ShapeAttribute)?.ConstructorArguments.FirstOrDefault().Value is not string text) continue;
            foreach (var factor in text.Split(',', '*'))
            {
                string symbol = factor.Trim();
                if (symbol.Length > 0 && !char.IsDigit(symbol[0])) taken.Add(symbol);
            }
        }
        return taken;
    }

    /// <summary><paramref name="rank"/> symbols in none of <paramref name="taken"/>, which they are then added to.</summary>
    public static IReadOnlyList<string> Fresh(int rank, HashSet<string> taken)
    {
        var fresh = new List<string>(rank);
        foreach (string candidate in Candidates())
        {
            if (fresh.Count == rank) break;
            if (taken.Add(candidate)) fresh.Add(candidate);
        }
        return fresh;
    }

    private static IEnumerable<string> Candidates()
    {
        foreach (string name in Preferred) yield return name;
        for (int i = 1; ; i++)
        {
            foreach (string name in Preferred) yield return name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
