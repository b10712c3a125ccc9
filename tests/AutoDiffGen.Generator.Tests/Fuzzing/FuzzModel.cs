using Microsoft.CodeAnalysis.CSharp;

namespace AutoDiffGen.Generator.Tests.Fuzzing;

/// <summary>A dimension of a symbolic shape: its [Shape] text (a symbol, a literal or a product) and its size in a run.</summary>
internal sealed record Dim(string Text, int Size)
{
    public static readonly Dim One = new("1", 1);

    public bool IsOne => Text == "1";
}

internal enum ParamKind { Tensor, Scalar, Int, Index }

/// <summary>A parameter of a generated method.</summary>
internal sealed class ParamSpec
{
    public ParamSpec(string name, ParamKind kind, Dim[] shape, bool noDiff, int range = 0)
    {
        Name = name;
        Kind = kind;
        Shape = shape;
        NoDiff = noDiff;
        Range = range;
    }

    /// <summary>The name without an escape.</summary>
    public string Name { get; }

    /// <summary>The name as written in C#.</summary>
    public string Id => Names.Escape(Name);

    public ParamKind Kind { get; }

    public Dim[] Shape { get; }

    public bool NoDiff { get; }

    /// <summary>For an index tensor: every index is in [0, Range).</summary>
    public int Range { get; }

    public bool Differentiated => !NoDiff && Kind is ParamKind.Tensor or ParamKind.Scalar;

    public int Count => Shape.Aggregate(1, (a, d) => a * d.Size);
}

/// <summary>
/// A value available to an expression: its text (an identifier, a call, or parenthesized), shape, a bound on its
/// magnitude, a lower bound when it is known positive, and whether it is smooth (no Relu, Abs or Max below it).
/// </summary>
internal sealed record Val(string Text, Dim[] Shape, bool IsScalar, double Bound, double Low, bool Smooth, bool Fresh)
{
    public string Key => Shapes.Key(Shape);

    public int Rank => Shape.Length;
}

internal static class Shapes
{
    public static string Key(IEnumerable<Dim> shape) => string.Join(", ", shape.Select(d => d.Text));

    public static int Count(IEnumerable<Dim> shape) => shape.Aggregate(1, (a, d) => a * d.Size);
}

internal static class Names
{
    public static bool IsKeyword(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None;

    public static string Escape(string name) => IsKeyword(name) ? "@" + name : name;
}

/// <summary>One generated method with everything needed to run and check it.</summary>
internal sealed class FuzzMethod
{
    public required string Source { get; init; }
    public required string Namespace { get; init; }
    public required string ClassName { get; init; }
    public required string MethodName { get; init; }
    public required bool IsFloat { get; init; }
    public required bool AllScalar { get; init; }
    public required bool ReturnsTensor { get; init; }
    public required Dim[] ResultShape { get; init; }
    public required IReadOnlyList<ParamSpec> Parameters { get; init; }

    /// <summary>Whether some call in it passes arguments by name out of order.</summary>
    public required bool Reordered { get; init; }

    /// <summary>Whether its body has a loop, for (int l = 0; l &lt; count; l++) carrying one tensor.</summary>
    public required bool HasLoop { get; init; }

    /// <summary>The size of each shape symbol of the method in a run, e.g. "N=2, D=3".</summary>
    public required string Sizes { get; init; }

    public string TypeName => Namespace.Length == 0 ? ClassName : Namespace + "." + ClassName;
}
