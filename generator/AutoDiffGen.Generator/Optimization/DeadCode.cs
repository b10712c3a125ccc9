using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// Keeps only the values the result and the requested gradients depend on. Asking a tensor for its size does not
/// need its elements: sizes come from the symbolic shape, and so does a loop's count.
/// </summary>
internal static class DeadCode
{
    public static bool[] Needed(IReadOnlyList<IrNode> nodes, IEnumerable<int> roots)
    {
        var needed = new bool[nodes.Count];
        foreach (int root in roots)
        {
            if (root >= 0) needed[root] = true;
        }
        for (int id = nodes.Count - 1; id >= 0; id--)
        {
            if (!needed[id] || nodes[id].Kind == OpKind.ShapeQuery) continue;
            // A loop's last input is its count, which the shape stage has read as a size: the loop's code spells that size.
            var inputs = nodes[id].Kind == OpKind.Loop ? nodes[id].Inputs.Take(nodes[id].Inputs.Count - 1) : nodes[id].Inputs;
            foreach (int input in inputs) needed[input] = true;
        }
        return needed;
    }
}
