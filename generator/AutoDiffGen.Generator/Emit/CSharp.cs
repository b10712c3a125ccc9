using System;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Spelling of types, literals and sizes in generated code. Types are fully qualified so user code cannot shadow them.</summary>
internal static class CSharp
{
    /// <summary>The attribute on every generated member, with the generator's version (major.minor.patch, from git).</summary>
    public static readonly string GeneratedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"AutoDiffGen\", \"{GeneratorVersion()}\")]";

    private static string GeneratorVersion()
    {
        var version = typeof(CSharp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyFileVersionAttribute), false)
            .OfType<System.Reflection.AssemblyFileVersionAttribute>().FirstOrDefault()?.Version;
        return System.Version.TryParse(version, out var parsed) ? parsed.ToString(3) : "0.0.0";
    }
    public const string Kernels = "global::AutoDiffGen.Kernels.";
    public const string Runtime = "global::AutoDiffGen.Runtime.";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";

    public static string Tensor(ElementType element) => $"global::System.Numerics.Tensors.Tensor<{element.CSharpName()}>";

    public static string Span(ElementType element) => $"global::System.Span<{element.CSharpName()}>";

    public static string ReadOnlySpan(ElementType element) => $"global::System.ReadOnlySpan<{element.CSharpName()}>";

    public static string Math(ElementType element) => element == ElementType.Single ? "global::System.MathF" : "global::System.Math";

    /// <summary>A literal of the element type, exact (round-trip) and culture-invariant.</summary>
    public static string Literal(double value, ElementType element)
    {
        switch (element)
        {
            case ElementType.Single:
                return Special(value, "float") ?? ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
            case ElementType.Double:
                string text = Special(value, "double") ?? value.ToString("R", CultureInfo.InvariantCulture);
                return text.Contains(".") || text.Contains("E") || text.Contains("global::") ? text : text + ".0";
            case ElementType.Int32:
                return ((int)value).ToString(CultureInfo.InvariantCulture);
            default:
                return "(nint)" + ((long)value).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string? Special(double value, string type)
    {
        if (double.IsNaN(value)) return $"{type}.NaN";
        if (double.IsPositiveInfinity(value)) return $"{type}.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return $"{type}.NegativeInfinity";
        return null;
    }

    public static string Shape(Shape shape) => shape.ToString();

    /// <summary>Escapes text for an XML doc comment.</summary>
    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>A C# string literal.</summary>
    public static string String(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string Join(params string[] parts) => string.Join(", ", parts.Where(p => p.Length > 0));

    public static void Require(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }
}
