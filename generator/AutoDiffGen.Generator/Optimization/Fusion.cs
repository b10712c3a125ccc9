using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>A set of elementwise and reduction nodes over one iteration space, computed in one loop.</summary>
internal sealed class FusionGroup
{
    public FusionGroup(int index, Shape iteration)
    {
        Index = index;
        Iteration = iteration;
    }

    public int Index { get; }

    public Shape Iteration { get; }

    public List<int> Members { get; } = new();

    /// <summary>A closed group takes no more members: something outside it has consumed one of its values.</summary>
    public bool Closed { get; set; }

    /// <summary>The loop runs where its last member stands.</summary>
    public int Last => Members[Members.Count - 1];
}

/// <summary>
/// Groups producer-consumer chains of elementwise nodes over the same iteration space into one loop, with sums
/// over their values folded in as accumulating outputs. Walking the nodes in order, a node joins the open group
/// that produces one of its inputs; a group closes as soon as a value of it is consumed outside it, so a loop
/// always runs after everything it reads and before anything that reads it. Two open groups feeding one node merge,
/// which is safe because nothing outside has read either yet. A value summed inside a group cannot be read inside
/// it (the sum is complete only when the loop ends).
/// </summary>
internal static class Fusion
{
    /// <param name="nodes">The nodes, in order.</param>
    /// <param name="needed">Which of them are computed.</param>
    /// <param name="backwardStart">The first backward node when no loop may hold both forward and backward nodes (a loop
    /// body's forward steps run in an iteration of their own); otherwise past the end.</param>
    public static (List<FusionGroup> Groups, int[] GroupOf) Group(IReadOnlyList<IrNode> nodes, bool[] needed, int backwardStart = int.MaxValue)
    {
        var groups = new List<FusionGroup>();
        var groupOf = Enumerable.Repeat(-1, nodes.Count).ToArray();

        foreach (var node in nodes)
        {
            if (node.Id == backwardStart)
            {
                foreach (var group in groups) group.Closed = true;
            }
            if (!needed[node.Id]) continue;
            var kind = NodeClassifier.Classify(node, nodes);
            if (kind is not (NodeClass.Elementwise or NodeClass.Reduction))
            {
                // A size query reads the symbolic shape, not the elements.
                if (node.Kind != OpKind.ShapeQuery)
                {
                    foreach (int input in node.Inputs) Close(input);
                }
                continue;
            }

            // Open groups over the same space that produce an input can all take this node: they merge.
            var iteration = NodeClassifier.IterationShape(node, nodes);
            var candidates = node.Inputs
                .Select(input => groupOf[input])
                .Where(g => g >= 0 && !groups[g].Closed && groups[g].Iteration.Equals(iteration)
                    && !node.Inputs.Any(input => groupOf[input] == g && IsReduction(nodes[input], nodes)))
                .Distinct()
                .OrderBy(g => g)
                .ToList();

            FusionGroup target;
            if (candidates.Count == 0)
            {
                target = new FusionGroup(groups.Count, iteration);
                groups.Add(target);
            }
            else
            {
                target = groups[candidates[candidates.Count - 1]];
                foreach (int other in candidates.Take(candidates.Count - 1)) Merge(groups[other], target);
            }

            foreach (int input in node.Inputs)
            {
                if (groupOf[input] != target.Index) Close(input);
            }
            target.Members.Add(node.Id);
            groupOf[node.Id] = target.Index;
        }
        return (groups, groupOf); // merged-away groups stay, empty, so indices remain valid

        void Close(int value)
        {
            if (groupOf[value] >= 0) groups[groupOf[value]].Closed = true;
        }

        void Merge(FusionGroup from, FusionGroup into)
        {
            foreach (int member in from.Members) groupOf[member] = into.Index;
            into.Members.AddRange(from.Members);
            into.Members.Sort();
            from.Members.Clear();
            from.Closed = true;
        }
    }

    private static bool IsReduction(IrNode node, IReadOnlyList<IrNode> nodes) => NodeClassifier.Classify(node, nodes) == NodeClass.Reduction;
}
