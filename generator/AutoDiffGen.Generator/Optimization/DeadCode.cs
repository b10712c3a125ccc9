using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// Keeps only the values the result and the requested gradients depend on. Asking a tensor for its size does not
/// need its elements: sizes come from the symbolic shape.
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
            foreach (int input in nodes[id].Inputs) needed[input] = true;
        }
        return needed;
    }
}
