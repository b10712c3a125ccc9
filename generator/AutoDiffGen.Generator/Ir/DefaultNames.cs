using System.Collections.Generic;
using static AutoDiffGen.Generator.Naming.Identifiers;

namespace AutoDiffGen.Generator.Ir;

/// <summary>
/// Names for values the source did not name, made from the op and its operands (<c>xW1</c> for
/// <c>x.MatMul(w1)</c>, <c>hSquared</c>), so generated code and its adjoints (<c>dXW1</c>) read like a derivation.
/// A source variable's name always wins over these.
/// </summary>
internal static class DefaultNames
{
    private const int MaxLength = 16;

    public static string For(OpKind kind, IReadOnlyList<string> operands)
    {
        string a = operands.Count > 0 ? operands[0] : string.Empty;
        string b = operands.Count > 1 ? operands[1] : string.Empty;
        string c = operands.Count > 2 ? operands[2] : string.Empty;
        string? name = kind switch
        {
            OpKind.MatMul => Join(a, "", b),
            OpKind.Transpose => a.Length > 0 ? a + "T" : null,
            OpKind.Permute => a.Length > 0 ? a + "P" : null,
            OpKind.Narrow => a.Length > 0 ? a + "Part" : null,
            OpKind.Sum => a.Length > 0 ? Lower(kind) + Pascal(a) : null,
            _ when Ops.UnaryOps.TryGet(kind, out var op) => a.Length == 0 ? null : op.Name is { } named ? named(a) : Lower(kind) + Pascal(a),
            OpKind.Clamp => a.Length > 0 ? Lower(kind) + Pascal(a) : null,
            _ when Ops.BinaryOps.TryGet(kind, out var binary) => binary.Name(a, b),
            OpKind.Where => Join(b, "Or", c) ?? (c.Length > 0 ? c + "Filled" : null),
            OpKind.ShapeQuery => a.Length > 0 ? a + "Size" : null,
            OpKind.Embedding => a.Length > 0 ? a + "Rows" : null,
            OpKind.Pick => a.Length > 0 ? a + "Picked" : null,
            OpKind.Attention => a.Length > 0 ? a + "Attention" : null,
            OpKind.Softmax or OpKind.LogSoftmax or OpKind.LogSumExp or OpKind.Max => a.Length > 0 ? Lower(kind) + Pascal(a) : null,
            _ => null,
        };
        return name is not null && name.Length <= MaxLength ? name : Lower(kind);
    }

    private static string? Join(string a, string op, string b)
        => a.Length > 0 && b.Length > 0 ? a + op + Pascal(b) : null;

    private static string Lower(OpKind kind)
    {
        string text = kind.ToString();
        return char.ToLowerInvariant(text[0]) + text.Substring(1);
    }
}
