namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// The keys and values of the properties a diagnostic carries for its code fix, so the fix reads what the stage
/// knew rather than parsing the message.
/// </summary>
internal static class FixProperties
{
    /// <summary>Which fix the message's hint proposes: <see cref="DeclareShape"/>, <see cref="Transpose"/> or <see cref="DropTranspose"/>.</summary>
    public const string Fix = nameof(Fix);

    /// <summary>ADG0201: declare <see cref="Parameter"/> with the [Shape] <see cref="Dimensions"/>.</summary>
    public const string DeclareShape = nameof(DeclareShape);

    /// <summary>ADG0201: transpose the <see cref="Operand"/> of the matrix product.</summary>
    public const string Transpose = nameof(Transpose);

    /// <summary>ADG0201: the <see cref="Operand"/> of the matrix product ends in <c>.Transpose()</c>, which should go.</summary>
    public const string DropTranspose = nameof(DropTranspose);

    /// <summary>The name of the parameter whose [Shape] changes.</summary>
    public const string Parameter = nameof(Parameter);

    /// <summary>The new [Shape] text, e.g. <c>3*E, H</c>.</summary>
    public const string Dimensions = nameof(Dimensions);

    /// <summary>Which operand: <see cref="Left"/> or <see cref="Right"/>.</summary>
    public const string Operand = nameof(Operand);

    public const string Left = nameof(Left);

    public const string Right = nameof(Right);
}
