using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// Computes each distinct value once: a node with the same op, attributes and (deduplicated) inputs as an earlier
/// one is replaced by it. Rules often produce such twins, e.g. both operands of <c>x * x</c> contribute
/// <c>G ⊙ x</c>. The duplicate stays in the list, unused, for dead-code elimination to drop.
/// </summary>
internal static class CommonSubexpressions
{
    public static (List<IrNode> Nodes, int[] Canonical) Run(IReadOnlyList<IrNode> nodes)
    {
        var canonical = new int[nodes.Count];
        var seen = new Dictionary<IrNode, int>();
        var result = new List<IrNode>(nodes.Count);
        foreach (var node in nodes)
        {
            var inputs = node.Inputs.Select(i => canonical[i]).ToEquatableArray();
            var rewritten = node with { Inputs = inputs };
            result.Add(rewritten);

            // The key ignores what is only for people: names, displays and source spans.
            var key = rewritten with { Id = 0, Name = string.Empty, Display = string.Empty, SpanId = 0, OperandDisplays = EquatableArray<string>.Empty };
            if (node.Kind is OpKind.Invalid || !seen.TryGetValue(key, out int first))
            {
                seen[key] = node.Id;
                canonical[node.Id] = node.Id;
            }
            else
            {
                canonical[node.Id] = first;
            }
        }
        return (result, canonical);
    }
}
