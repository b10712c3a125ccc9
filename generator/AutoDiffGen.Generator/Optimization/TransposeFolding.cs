using System.Collections.Generic;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// <c>a.Transpose().MatMul(b)</c> reads <c>a</c> through the GEMM's transpose flag instead of copying it, and
/// likewise for the right operand. The transpose node stays only if something else still uses it.
/// </summary>
internal static class TransposeFolding
{
    public static List<IrNode> Run(IReadOnlyList<IrNode> nodes)
    {
        var result = new List<IrNode>(nodes);
        for (int id = 0; id < result.Count; id++)
        {
            var node = result[id];
            if (node.Kind != OpKind.MatMul) continue;
            var attributes = node.Attributes;
            var inputs = node.Inputs.ToArray();
            for (int operand = 0; operand < 2; operand++)
            {
                var input = result[inputs[operand]];
                if (input.Kind != OpKind.Transpose || input.Shape.Rank != 2) continue;
                inputs[operand] = input.Input(0);
                attributes = operand == 0
                    ? attributes with { TransposeA = !attributes.TransposeA }
                    : attributes with { TransposeB = !attributes.TransposeB };
            }
            result[id] = node with { Inputs = inputs.ToEquatableArray(), Attributes = attributes };
        }
        return result;
    }
}
