using System.Linq;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>Recognises the types and containers a differentiable method may use.</summary>
internal static class TypeFacts
{
    public const string DifferentiableAttribute = "AutoDiffGen.DifferentiableAttribute";
    public const string ShapeAttribute = "AutoDiffGen.ShapeAttribute";
    public const string NoDiffAttribute = "AutoDiffGen.NoDiffAttribute";

    /// <summary>True for <c>Tensor&lt;float&gt;</c>, <c>Tensor&lt;double&gt;</c> and <c>Tensor&lt;int&gt;</c>.</summary>
    public static bool TryGetTensorElement(ITypeSymbol? type, out ElementType element)
    {
        element = default;
        if (type is not INamedTypeSymbol { Name: "Tensor", Arity: 1 } named) return false;
        if (named.ContainingNamespace?.ToDisplayString() != "System.Numerics.Tensors") return false;
        return TryGetScalarElement(named.TypeArguments[0], out element) && element != ElementType.NativeInt;
    }

    public static bool IsTensor(ITypeSymbol? type) => TryGetTensorElement(type, out _);

    /// <summary>True for <c>float</c>, <c>double</c>, <c>int</c> and <c>nint</c>.</summary>
    public static bool TryGetScalarElement(ITypeSymbol? type, out ElementType element)
    {
        element = default;
        switch (type?.SpecialType)
        {
            case SpecialType.System_Single: element = ElementType.Single; return true;
            case SpecialType.System_Double: element = ElementType.Double; return true;
            case SpecialType.System_Int32: element = ElementType.Int32; return true;
            case SpecialType.System_IntPtr: element = ElementType.NativeInt; return true;
            default: return false;
        }
    }

    /// <summary>AutoDiffGen's <c>TensorMath</c>, or a type nested in it (an extension block).</summary>
    public static bool IsTensorMath(INamedTypeSymbol? type) => IsOrIsNestedIn(type, "AutoDiffGen", "TensorMath");

    /// <summary>System.Numerics.Tensors' static <c>Tensor</c> class, or a type nested in it (an extension block).</summary>
    /// <summary>
    /// Whether System.Numerics.Tensors' own operators broadcast wrongly in the version <paramref name="compilation"/>
    /// references: 10.x does (ADG0205), 11.0 fixed it. Unknown versions count as affected.
    /// </summary>
    public static bool InBoxBroadcastsWrongly(Compilation compilation)
        => InBoxBroadcastsWrongly(compilation.ReferencedAssemblyNames.FirstOrDefault(a => a.Name == "System.Numerics.Tensors")?.Version);

    internal static bool InBoxBroadcastsWrongly(System.Version? version) => version is null || version.Major < 11;

    public static bool IsInBoxTensor(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current is { Name: "Tensor", Arity: 0 } && current.ContainingNamespace?.ToDisplayString() == "System.Numerics.Tensors")
                return true;
        }
        return false;
    }

    public static bool IsMath(INamedTypeSymbol? type)
        => type is { Name: "Math" or "MathF", ContainingType: null } && type.ContainingNamespace?.ToDisplayString() == "System";

    /// <summary>A member this generator wrote: it carries <c>[GeneratedCode("AutoDiffGen", …)]</c>.</summary>
    public static bool IsGeneratedByAutoDiffGen(ISymbol symbol)
        => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
            && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value as string == "AutoDiffGen");

    public static bool HasAttribute(ISymbol symbol, string fullName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == fullName) return true;
        }
        return false;
    }

    public static AttributeData? FindAttribute(ISymbol symbol, string fullName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == fullName) return attribute;
        }
        return null;
    }

    private static bool IsOrIsNestedIn(INamedTypeSymbol? type, string ns, string name)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.Name == name && current.ContainingType is null && current.ContainingNamespace?.ToDisplayString() == ns)
                return true;
        }
        return false;
    }
}
