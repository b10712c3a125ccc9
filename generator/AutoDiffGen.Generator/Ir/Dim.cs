using System;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Common;

namespace AutoDiffGen.Generator.Ir;

/// <summary>
/// One symbolic dimension: a constant factor times a product of symbols, e.g. <c>N</c>, <c>3*E</c>, <c>12</c>,
/// <c>N*D</c>. Symbols are kept sorted so equal products compare equal.
/// </summary>
internal sealed record Dim(long Factor, EquatableArray<string> Symbols)
{
    public static readonly Dim One = Constant(1);

    public static Dim Constant(long value) => new(value, EquatableArray<string>.Empty);

    public static Dim Symbol(string name) => new(1, new EquatableArray<string>(new[] { name }));

    public bool IsConstant => Symbols.IsEmpty;

    public bool IsOne => IsConstant && Factor == 1;

    /// <summary>A single symbol with factor 1: the form that binds a symbol at run time.</summary>
    public bool IsPlainSymbol => Factor == 1 && Symbols.Count == 1;

    public Dim Times(Dim other)
        => new(Factor * other.Factor, Symbols.Concat(other.Symbols).OrderBy(s => s, StringComparer.Ordinal).ToEquatableArray());

    /// <summary>This size plus <paramref name="other"/>, when the sum is itself a monomial (like terms or a zero); otherwise null.</summary>
    public Dim? Plus(Dim other)
    {
        if (Factor == 0) return other;
        if (other.Factor == 0) return this;
        return Symbols.Equals(other.Symbols) ? new Dim(Factor + other.Factor, Symbols) : null;
    }

    /// <summary>This size divided by <paramref name="divisor"/>, when the quotient is itself a monomial; otherwise null.</summary>
    public Dim? DividedBy(Dim divisor)
    {
        if (divisor.Factor == 0 || Factor % divisor.Factor != 0) return null;
        var remaining = Symbols.ToList();
        foreach (string symbol in divisor.Symbols)
        {
            if (!remaining.Remove(symbol)) return null;
        }
        return new Dim(Factor / divisor.Factor, remaining.ToEquatableArray());
    }

    public override string ToString()
    {
        if (IsConstant) return Factor.ToString(CultureInfo.InvariantCulture);
        string symbols = string.Join("*", Symbols);
        return Factor == 1 ? symbols : Factor.ToString(CultureInfo.InvariantCulture) + "*" + symbols;
    }
}
