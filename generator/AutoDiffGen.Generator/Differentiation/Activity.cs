using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// Activity analysis: a value is active when it depends on a differentiated parameter (varied) and the result
/// depends on it (useful). Only active values get adjoint code, so [NoDiff] data, indices and sizes cost nothing.
/// </summary>
internal static class Activity
{
    public static bool[] Analyze(MethodIr method)
    {
        var nodes = method.Nodes;
        var varied = new bool[nodes.Count];
        foreach (var node in nodes)
        {
            if (!node.Element.IsFloating() || node.Kind == OpKind.ShapeQuery || IsPiecewiseConstant(node.Kind)) continue;
            if (node.Kind == OpKind.Parameter)
            {
                varied[node.Id] = method.Parameters[node.Attributes.Index].IsDifferentiated;
                continue;
            }
            foreach (int input in node.Inputs)
            {
                if (varied[input]) varied[node.Id] = true;
            }
        }

        var useful = new bool[nodes.Count];
        if (method.ResultId >= 0) useful[method.ResultId] = true;
        for (int id = nodes.Count - 1; id >= 0; id--)
        {
            // A size query reads a tensor's shape, never its values, and a comparison is flat where it is defined:
            // no gradient flows through either, nor into a selection's condition.
            var node = nodes[id];
            if (!useful[id] || node.Kind == OpKind.ShapeQuery || IsPiecewiseConstant(node.Kind)) continue;
            for (int i = 0; i < node.Inputs.Count; i++)
            {
                if (!(node.Kind == OpKind.Where && i == 0)) useful[node.Input(i)] = true;
            }
        }

        var active = new bool[nodes.Count];
        for (int id = 0; id < nodes.Count; id++) active[id] = varied[id] && useful[id];
        return active;
    }

    /// <summary>Comparisons: 1 or 0, so their derivative is 0 wherever it exists.</summary>
    public static bool IsPiecewiseConstant(OpKind kind) => Ops.BinaryOps.IsPiecewiseConstant(kind);
}
