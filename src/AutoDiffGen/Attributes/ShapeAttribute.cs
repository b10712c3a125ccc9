namespace AutoDiffGen;

/// <summary>
/// Declares the static shape of a tensor parameter: comma-separated dimensions, each a symbol (<c>N</c>),
/// an integer literal (<c>3</c>) or a product (<c>3*E</c>), for example <c>[Shape("N, D")]</c>.
/// </summary>
/// <remarks>
/// Symbols with the same name are the same size everywhere in the method. They are bound from the arguments
/// when a generated method is called; a conflict throws <see cref="ArgumentException"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class ShapeAttribute : Attribute
{
    /// <summary>Creates the attribute from its dimension list.</summary>
    /// <param name="dimensions">Comma-separated dimensions, e.g. <c>"N, 3*E"</c>.</param>
    public ShapeAttribute(string dimensions) => Dimensions = dimensions;

    /// <summary>The dimension list as written.</summary>
    public string Dimensions { get; }
}
