using System.Collections.Generic;
using System.Globalization;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>Parses the text of a <c>[Shape]</c> attribute: comma-separated dimensions, each a product of symbols and positive integers.</summary>
internal static class ShapeText
{
    /// <summary>Parses <paramref name="text"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static Shape? TryParse(string text, out string error)
    {
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "it declares no dimensions; a tensor has at least one";
            return null;
        }

        var dims = new List<Dim>();
        string[] parts = text.Split(',');
        for (int i = 0; i < parts.Length; i++)
        {
            Dim? dim = TryParseDim(parts[i].Trim(), i, out error);
            if (dim is null) return null;
            dims.Add(dim);
        }
        return Shape.Of(dims);
    }

    private static Dim? TryParseDim(string text, int position, out string error)
    {
        error = string.Empty;
        if (text.Length == 0)
        {
            error = $"dimension {position} is empty";
            return null;
        }

        Dim product = Dim.One;
        foreach (string rawFactor in text.Split('*'))
        {
            string factor = rawFactor.Trim();
            if (factor.Length == 0)
            {
                error = $"dimension {position} ('{text}') has an empty factor";
                return null;
            }
            if (char.IsDigit(factor[0]))
            {
                if (!long.TryParse(factor, NumberStyles.None, CultureInfo.InvariantCulture, out long value) || value <= 0 || value > int.MaxValue)
                {
                    error = $"'{factor}' in dimension {position} is not a positive integer size";
                    return null;
                }
                product = product.Times(Dim.Constant(value));
            }
            else if (IsIdentifier(factor))
            {
                product = product.Times(Dim.Symbol(factor));
            }
            else
            {
                error = $"'{factor}' in dimension {position} is neither a symbol nor an integer; a dimension is a symbol (N), an integer (3) or a product (3*E)";
                return null;
            }
        }
        return product;
    }

    private static bool IsIdentifier(string text)
    {
        if (!(char.IsLetter(text[0]) || text[0] == '_')) return false;
        foreach (char c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }
}
