using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// Keeps the workspace small: workspace buffers of the same element type and size whose lifetimes do not overlap
/// share one array. A buffer lives from the first step that writes it to the last step that reads it; two buffers
/// share only if one's last read comes strictly before the other's first write. Arguments, gradients and the
/// result never share: they outlive the call. A shared array is a field of the gradients class, named here.
/// </summary>
internal static class BufferSharing
{
    /// <returns>The buffers that share an array.</returns>
    public static ISet<int> Apply(List<BufferInfo> buffers, IReadOnlyList<PlanStep> steps, IReadOnlyList<IrNode> nodes,
        IReadOnlyList<ValueStorage> storage, IReadOnlyList<SlotPlan> slots, NameScope members, string prefix = "_workspace")
    {
        var first = new Dictionary<int, int>();
        var last = new Dictionary<int, int>();
        for (int step = 0; step < steps.Count; step++)
        {
            var (reads, writes) = Access(steps[step], nodes, storage, slots);
            foreach (int buffer in writes.Concat(reads))
            {
                if (!first.ContainsKey(buffer)) first[buffer] = step;
                last[buffer] = step;
            }
        }

        // First fit, in order of first write: each pooled array is free again after its current holder's last read.
        var pools = new List<(string Field, ElementType Element, Dim Size, int FreeAfter, List<int> Members)>();
        foreach (var buffer in buffers.Where(b => b.Kind == BufferKind.Workspace && first.ContainsKey(b.Id)).OrderBy(b => first[b.Id]).ToList())
        {
            int start = first[buffer.Id];
            int pool = pools.FindIndex(p => p.Element == buffer.Element && p.Size.Equals(buffer.Shape.Count) && p.FreeAfter < start);
            if (pool < 0)
            {
                pools.Add((buffer.Name, buffer.Element, buffer.Shape.Count, last[buffer.Id], new List<int> { buffer.Id }));
                continue;
            }
            var (field, element, size, _, holders) = pools[pool];
            holders.Add(buffer.Id);
            pools[pool] = (field, element, size, last[buffer.Id], holders);
        }

        // A shared array gets a neutral name; a buffer alone keeps its own.
        var shared = new HashSet<int>();
        int count = 0;
        foreach (var (_, _, _, _, sharing) in pools.Where(p => p.Members.Count > 1))
        {
            string field = members.Take(prefix + count++);
            foreach (int member in sharing)
            {
                buffers[member] = buffers[member] with { Field = field };
                shared.Add(member);
            }
        }
        return shared;
    }

    /// <summary>The buffers a step reads and writes.</summary>
    internal static (IEnumerable<int> Reads, IEnumerable<int> Writes) Access(PlanStep step, IReadOnlyList<IrNode> nodes,
        IReadOnlyList<ValueStorage> storage, IReadOnlyList<SlotPlan> slots)
    {
        int BufferOf(int value) => value >= 0 && storage[value].Kind == StorageKind.Buffer ? storage[value].Buffer : -1;
        IEnumerable<int> Valid(IEnumerable<int> ids) => ids.Where(id => id >= 0);
        switch (step)
        {
            case ClearStep clear:
                return (System.Array.Empty<int>(), new[] { clear.Buffer });
            case CopyStep copy:
                return (new[] { copy.Source }, new[] { copy.Destination });
            case GemmStep gemm:
                return (Valid(new[] { BufferOf(gemm.A), BufferOf(gemm.B), BufferOf(gemm.Bias), gemm.Accumulate ? BufferOf(gemm.Output) : -1 }),
                    Valid(new[] { BufferOf(gemm.Output) }));
            case TransposeStep transpose:
                return (Valid(new[] { BufferOf(transpose.Input) }), Valid(new[] { BufferOf(transpose.Output) }));
            case PermuteStep permute:
                return (Valid(new[] { BufferOf(permute.Input) }), Valid(new[] { BufferOf(permute.Output) }));
            case KernelStep kernel:
                var node = nodes[kernel.Node];
                var writes = new List<int> { BufferOf(node.Id) };
                writes.AddRange(slots.Where(s => s.Kernel == node.Id).Select(s => s.Buffer));
                return (Valid(node.Inputs.Select(BufferOf)), Valid(writes));
            case LoopStep loop:
                var operands = loop.Loop.Operands;
                return (Valid(operands.Where(o => o.Role == OperandRole.Input).Select(o => BufferOf(o.Value))),
                    Valid(operands.Where(o => o.Role is OperandRole.Store or OperandRole.Accumulate).Select(o => BufferOf(o.Value))));
            default:
                return (System.Array.Empty<int>(), System.Array.Empty<int>());
        }
    }
}
