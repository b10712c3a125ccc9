using AutoDiffGen.Generator.Common;

namespace AutoDiffGen.Generator.Ir;

/// <summary>
/// One SSA value: what computes it, from which values, and what it is. Nodes are listed in evaluation order and
/// refer to their inputs by <see cref="Id"/>, which is also their index in the list.
/// </summary>
/// <param name="Id">The value's number and its index in the node list.</param>
/// <param name="Kind">The op.</param>
/// <param name="Inputs">Input value IDs, in the op's operand order.</param>
/// <param name="Element">Element type.</param>
/// <param name="IsTensor">A <c>Tensor&lt;T&gt;</c> (true) or a C# scalar (false).</param>
/// <param name="Shape">The symbolic shape; <see cref="Shape.Scalar"/> until the shape stage has run.</param>
/// <param name="Attributes">Op-specific settings.</param>
/// <param name="SpanId">Where the expression is, in the span side table; -1 for values the generator made.</param>
/// <param name="Name">The source variable that holds the value, or empty.</param>
/// <param name="Display">The expression as written, whitespace folded, for messages.</param>
/// <param name="OperandDisplays">How each operand was written at this use, for messages.</param>
internal sealed record IrNode(
    int Id,
    OpKind Kind,
    EquatableArray<int> Inputs,
    ElementType Element,
    bool IsTensor,
    Shape Shape,
    OpAttributes Attributes,
    int SpanId,
    string Name,
    string Display,
    EquatableArray<string> OperandDisplays)
{
    public int Input(int index) => Inputs[index];

    /// <summary>How operand <paramref name="index"/> reads in the source, for messages: as written at this call, else its own display.</summary>
    public string OperandDisplay(int index, System.Collections.Generic.IReadOnlyList<IrNode> nodes)
        => index < OperandDisplays.Count ? OperandDisplays[index] : nodes[Input(index)].Display;
}
