using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;

namespace AutoDiffGen.Generator.Ir;

/// <summary>
/// A differentiable method as the generator sees it after parsing: where to emit, its signature, its body as
/// SSA nodes and what parsing found wrong. It holds no symbol, syntax node or location. <see cref="Key"/> is the
/// method's full signature, unique in the compilation.
/// </summary>
internal sealed record MethodIr(
    string Key,
    TypeContext Type,
    string Name,
    string Accessibility,
    EquatableArray<ParameterIr> Parameters,
    ElementType Element,
    bool ReturnsTensor,
    EquatableArray<IrNode> Nodes,
    int ResultId,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>The generated file's name, without extension.</summary>
    public string FileName => Type.Key + "." + Name;

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>True when the declaration was read (a partial type to reopen, parameters of supported types), whatever the body.</summary>
    public bool HasDeclaration => !Type.Types.IsEmpty;

    /// <summary>True when every parameter and the result are scalars (a plain function of numbers).</summary>
    public bool IsScalarFunction => !ReturnsTensor && Parameters.All(p => !p.IsTensor);
}

/// <summary>One parameter of a differentiable method.</summary>
/// <param name="Name">The C# name.</param>
/// <param name="Index">Its position.</param>
/// <param name="Element">Element type.</param>
/// <param name="IsTensor">A tensor (true) or a scalar.</param>
/// <param name="IsDifferentiated">Gets a gradient: floating, and not <c>[NoDiff]</c>.</param>
/// <param name="DeclaredShape">The shape its <c>[Shape]</c> declares (scalars: rank 0).</param>
/// <param name="ShapeText">The <c>[Shape]</c> text as written.</param>
/// <param name="SpanId">Its location in the span table.</param>
/// <param name="SizeSymbol">For an <c>int</c> declared <c>[Shape("H")]</c>: the shape symbol it gives the size of; empty otherwise.</param>
internal sealed record ParameterIr(
    string Name,
    int Index,
    ElementType Element,
    bool IsTensor,
    bool IsDifferentiated,
    Shape DeclaredShape,
    string ShapeText,
    int SpanId,
    string SizeSymbol = "");

/// <summary>The namespace and the chain of types a method is declared in, outermost first.</summary>
internal sealed record TypeContext(string Namespace, EquatableArray<ContainingType> Types)
{
    public string Key => (Namespace.Length == 0 ? "" : Namespace + ".") + string.Join(".", Types.Select(t => t.Name + t.TypeParameters));
}

/// <summary>A type to reopen as <c>partial</c>: its keyword (<c>class</c>, <c>record struct</c>, …), name and type parameter list.</summary>
internal sealed record ContainingType(string Keyword, string Name, string TypeParameters, bool IsStatic);
