namespace AutoDiffGen.Generator.Ir;

/// <summary>The element type of a value: a floating type for differentiable values, an integer for sizes and indices.</summary>
internal enum ElementType
{
    Single,
    Double,
    Int32,
    NativeInt,
}

internal static class ElementTypeExtensions
{
    public static bool IsFloating(this ElementType type) => type is ElementType.Single or ElementType.Double;

    public static string CSharpName(this ElementType type) => type switch
    {
        ElementType.Single => "float",
        ElementType.Double => "double",
        ElementType.Int32 => "int",
        _ => "nint",
    };
}
