using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// Lays a fused loop out as <c>[rows, columns]</c>: drops axes of length 1, merges neighbouring axes along which
/// every operand is either contiguous or broadcast alike, and gives each operand its stride per outer axis (0 where
/// it is broadcast). All of it is decided from the symbolic shapes, so the generated loop has no shape logic.
/// </summary>
internal static class LoopLayout
{
    /// <summary>An operand before layout: which iteration axes it spans.</summary>
    public readonly record struct Operand(int Value, OperandRole Role, bool[] Spans);

    public static LoopPlan Build(string name, string local, Shape iteration, IReadOnlyList<Operand> operands, IReadOnlyList<int> body, string summary)
    {
        // Axes of constant length 1 do not iterate.
        var axes = Enumerable.Range(0, iteration.Rank).Where(a => !iteration[a].IsOne).ToList();

        // Merge neighbouring axes that every operand spans alike.
        var groups = new List<List<int>>();
        foreach (int axis in axes)
        {
            if (groups.Count > 0)
            {
                int previous = groups[groups.Count - 1][groups[groups.Count - 1].Count - 1];
                if (operands.All(o => o.Spans[previous] == o.Spans[axis]))
                {
                    groups[groups.Count - 1].Add(axis);
                    continue;
                }
            }
            groups.Add(new List<int> { axis });
        }

        Dim Extent(List<int> group) => group.Aggregate(Dim.One, (product, axis) => product.Times(iteration[axis]));
        var outer = groups.Take(groups.Count - 1).ToList();
        var inner = groups.Count == 0 ? null : groups[groups.Count - 1];

        var laidOut = operands.Select(o =>
        {
            // An operand's stride along an axis is the product of its own extents along the later axes.
            Dim StrideAfter(int axis) => axes.Where(a => a > axis && o.Spans[a]).Aggregate(Dim.One, (product, a) => product.Times(iteration[a]));
            var strides = outer.Select(g => o.Spans[g[0]] ? StrideAfter(g[g.Count - 1]) : Dim.Constant(0)).ToEquatableArray();
            bool contiguous = inner is not null && o.Spans[inner[0]];
            return new LoopOperand(o.Value, o.Role, strides, contiguous);
        }).ToEquatableArray();

        return new LoopPlan(name, local, outer.Select(Extent).ToEquatableArray(), inner is null ? Dim.One : Extent(inner), laidOut,
            body.ToEquatableArray(), summary, LoopNames.None);
    }

    /// <summary>The iteration axes a value of <paramref name="shape"/> spans when broadcast to <paramref name="iteration"/> (trailing alignment).</summary>
    public static bool[] BroadcastSpans(Shape shape, Shape iteration)
    {
        var spans = new bool[iteration.Rank];
        int offset = iteration.Rank - shape.Rank;
        for (int axis = 0; axis < iteration.Rank; axis++)
        {
            int own = axis - offset;
            spans[axis] = own >= 0 && !shape[own].IsOne;
        }
        return spans;
    }

    /// <summary>The iteration axes a sum's result keeps.</summary>
    public static bool[] ReductionSpans(IrNode reduction, Shape iteration)
    {
        switch (reduction.Kind)
        {
            case OpKind.SumTo:
                return BroadcastSpans(reduction.Shape, iteration);
            case OpKind.Sum when reduction.IsTensor && reduction.Attributes.Axis is int requested:
                int axis = requested < 0 ? requested + iteration.Rank : requested;
                var spans = new bool[iteration.Rank];
                for (int a = 0; a < iteration.Rank; a++) spans[a] = a != axis && !iteration[a].IsOne;
                return spans;
            default:
                return new bool[iteration.Rank];
        }
    }
}
