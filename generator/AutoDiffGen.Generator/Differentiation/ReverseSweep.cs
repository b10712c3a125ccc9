using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// The Differentiate stage: walks the active forward nodes in reverse, sums each value's adjoint contributions
/// and applies the node's rule, appending the backward pass to the SSA list.
/// </summary>
internal static class ReverseSweep
{
    public static DifferentiatedMethod Run(MethodIr method)
    {
        if (method.HasErrors || method.ResultId < 0)
            return new DifferentiatedMethod(method, method.Nodes, method.Nodes.Count, -1, EquatableArray<GradientOutput>.Empty, method.Diagnostics);

        var diagnostics = method.Diagnostics.ToList();
        try
        {
            var active = Activity.Analyze(method);
            foreach (var parameter in method.Parameters.Where(p => p.IsDifferentiated && !active[p.Index]))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ResultIndependentOfParameter.Id, parameter.SpanId, method.Name, parameter.Name));

            var builder = new GraphBuilder(method.Nodes, method.Element);
            int forwardCount = method.Nodes.Count;
            var result = method.Nodes[method.ResultId];
            int seed = method.ReturnsTensor ? builder.OutputGradient(result.Shape) : builder.Constant(1);

            var contributions = new List<int>?[forwardCount];
            var rules = new List<string>?[forwardCount];
            if (active[result.Id]) contributions[result.Id] = new List<int> { seed };

            var gradients = new Dictionary<int, int>();
            var adjointNamed = new HashSet<int>();
            for (int id = forwardCount - 1; id >= 0; id--)
            {
                if (!active[id] || contributions[id] is not { } parts) continue;
                var node = method.Nodes[id];
                int adjoint = Sum(builder, parts);
                if (node.Name.Length > 0 && adjoint >= forwardCount && !adjointNamed.Contains(adjoint)
                    && builder[adjoint].Kind is not (OpKind.Constant or OpKind.OutputGradient))
                {
                    builder.Rename(adjoint, "d" + Identifiers.Pascal(node.Name));
                    adjointNamed.Add(adjoint);
                }

                if (node.Kind == OpKind.Parameter)
                {
                    gradients[node.Attributes.Index] = adjoint;
                    continue;
                }

                foreach (var contribution in RuleTable.Apply(builder, node, adjoint, operand => active[node.Input(operand)]))
                {
                    int input = node.Input(contribution.Operand);
                    CheckAdjoint(builder, input, contribution.Value, node.Kind);
                    (contributions[input] ??= new List<int>()).Add(contribution.Value);
                    (rules[input] ??= new List<string>()).Add(contribution.Rule);
                }
            }

            var outputs = method.Parameters.Where(p => p.IsDifferentiated).Select(p => new GradientOutput(
                p.Index,
                gradients.TryGetValue(p.Index, out int value) ? value : -1,
                (rules[p.Index] ?? new List<string>()).Distinct().ToEquatableArray())).ToEquatableArray();

            return new DifferentiatedMethod(method, builder.Nodes.ToEquatableArray(), forwardCount, seed, outputs, diagnostics.ToEquatableArray());
        }
        catch (Exception exception)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError.Id, 0, method.Name, InternalError.Describe(exception)));
            return new DifferentiatedMethod(method, method.Nodes, method.Nodes.Count, -1, EquatableArray<GradientOutput>.Empty, diagnostics.ToEquatableArray());
        }
    }

    private static int Sum(GraphBuilder builder, List<int> parts)
    {
        int total = parts[0];
        for (int i = 1; i < parts.Count; i++) total = builder.Binary(OpKind.Add, total, parts[i]);
        return total;
    }

    /// <summary>Every adjoint has exactly its value's shape; a rule that breaks this is a generator bug.</summary>
    private static void CheckAdjoint(GraphBuilder builder, int value, int adjoint, OpKind rule)
    {
        var expected = builder[value];
        var actual = builder[adjoint];
        if (!expected.Shape.Equals(actual.Shape) || expected.IsTensor != actual.IsTensor)
        {
            throw new InvalidOperationException(
                $"the {rule} rule gave an adjoint of shape {actual.Shape} for a value of shape {expected.Shape}");
        }
    }
}
