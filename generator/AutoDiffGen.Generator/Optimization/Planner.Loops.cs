using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;

namespace AutoDiffGen.Generator.Optimization;

// A loop's body is planned as a method of its own inside the enclosing plan: its locals and fields are taken from the
// enclosing Compute's and gradients class's scopes, its shared operands keep the enclosing spans' names, and each of
// its buffers is bound per iteration (see LoopSchedule).
internal sealed partial class Planner
{
    private readonly BodyContext? _body;

    /// <summary>What a loop's body takes from the plan it is written in.</summary>
    private sealed class BodyContext
    {
        public BodyContext(Planner enclosing, string?[] locals, LoopIr loop)
        {
            Enclosing = enclosing;
            Locals = locals;
            Loop = loop;
        }

        public Planner Enclosing { get; }

        /// <summary>Per body parameter: the enclosing name it keeps (a shared operand's, the counter), or null for a new one.</summary>
        public string?[] Locals { get; }

        public LoopIr Loop { get; }
    }

    /// <summary>A new local for a body parameter: the carried tensor as it comes in, a stacked operand's layer.</summary>
    private static string BodyLocal(BodyContext body, ParameterIr parameter) => body.Loop.KindOf(parameter.Index) switch
    {
        LoopInputKind.Carried => parameter.Name + "In",
        LoopInputKind.Layer => parameter.Name + "Layer",
        _ => parameter.Name,
    };

    /// <summary>The body's plan: its owned buffers get fields; its inputs are the enclosing spans, bound per iteration.</summary>
    private ComputePlan PlanOfBody(List<GradientPlan> gradients, ISet<int> shared)
    {
        for (int i = 0; i < _buffers.Count; i++)
        {
            var buffer = _buffers[i];
            if (buffer.Kind == BufferKind.Input) _buffers[i] = buffer with { Field = string.Empty };
            else if (!shared.Contains(buffer.Id)) _buffers[i] = buffer with { Field = _members.Take("_" + buffer.Name) };
        }
        return new ComputePlan(_method.Method, _nodes.ToEquatableArray(), _storage.ToEquatableArray(), _buffers.ToEquatableArray(),
            _steps.ToEquatableArray(), gradients.ToEquatableArray(), _slots.ToEquatableArray(), IndexChecks().ToEquatableArray(),
            _method.Method.ResultId, _method.SeedId, _symbols.ToEquatableArray(), _symbolLocals.ToEquatableArray(),
            _parameterNames.ToEquatableArray(), _outputGradient, MemberNames.None, _method.Diagnostics);
    }

    /// <summary>Plans the body of every loop in the plan, after the plan's own names are taken.</summary>
    private EquatableArray<LoopSchedule> ScheduleLoops()
    {
        var schedules = new List<LoopSchedule>();
        foreach (var node in _nodes.Where(n => _needed[n.Id] && n.Kind == OpKind.Loop))
        {
            var loop = node.Attributes.Loop!;
            var backward = _nodes.FirstOrDefault(n => _needed[n.Id] && n.Kind == OpKind.LoopBackward && n.Input(1) == node.Id);
            var differentiated = backward?.Attributes.Loop!.Backward
                ?? ReverseSweep.Run(loop.Body with { Parameters = loop.Body.Parameters.Select(p => p with { IsDifferentiated = false }).ToEquatableArray() });
            if (differentiated.HasErrors) throw new InvalidOperationException("the loop's body could not be differentiated");

            string counter = _names.Take(loop.Counter);
            var locals = new string?[loop.Roles.Count];
            for (int i = 0; i < loop.Roles.Count; i++)
            {
                if (loop.KindOf(i) == LoopInputKind.Shared) locals[i] = OuterName(node.Input(i));
                else if (loop.KindOf(i) == LoopInputKind.Counter) locals[i] = counter;
            }
            var body = HoistIndexChecks(node, new Planner(differentiated, new BodyContext(this, locals, loop)).Plan());
            schedules.Add(Schedule(node, backward, body, counter));
        }
        return schedules.ToEquatableArray();
    }

    /// <summary>
    /// Index checks of index arguments the body reads (a stack's layer, a shared index tensor) become the enclosing
    /// method's, on the whole argument at entry, before anything is computed; other indices are checked in the iteration.
    /// </summary>
    private ComputePlan HoistIndexChecks(IrNode node, ComputePlan body)
    {
        var loop = node.Attributes.Loop!;
        var kept = new List<IndexCheckPlan>();
        foreach (var check in body.IndexChecks)
        {
            int parameter = body.Buffers[check.Buffer].ParameterIndex;
            // Only an argument is there to check at entry; an index tensor computed before the loop is checked in the iteration.
            if (parameter < 0 || parameter >= loop.Operands || _storage[node.Input(parameter)].Buffer is not (>= 0 and var outer)
                || _buffers[outer].Kind != BufferKind.Input)
            {
                kept.Add(check);
                continue;
            }
            var hoisted = new IndexCheckPlan(outer, check.Limit, _buffers[outer].ParameterIndex >= 0 ? _method.Method.Parameters[_buffers[outer].ParameterIndex].Name : _buffers[outer].Name);
            if (!_loopIndexChecks.Contains(hoisted)) _loopIndexChecks.Add(hoisted);
        }
        return body with { IndexChecks = kept.ToEquatableArray() };
    }

    private readonly List<IndexCheckPlan> _loopIndexChecks = new();

    /// <summary>The name a value of this plan goes by, for a body that reads it.</summary>
    private string OuterName(int id)
    {
        var storage = _storage[id];
        if (storage.Kind is not (StorageKind.Buffer or StorageKind.Scalar))
            throw new InvalidOperationException($"a loop reads {_nodes[id].Kind} {id}, which has no storage");
        return storage.Name;
    }

    private LoopSchedule Schedule(IrNode node, IrNode? backward, ComputePlan body, string counter)
    {
        var loop = node.Attributes.Loop!;
        string carried = loop.Body.Parameters[0].Name;
        string states = _members.Take("_" + carried + "States");
        string gradientA = backward is null ? string.Empty : _members.Take("_d" + Identifiers.Pascal(carried) + "Even");
        string gradientB = backward is null ? string.Empty : _members.Take("_d" + Identifiers.Pascal(carried) + "Odd");

        // Workspace the backward steps read from the forward ones must survive the later iterations: a slice for each.
        var forwardUse = new HashSet<int>();
        var backwardUse = new HashSet<int>();
        foreach (var step in body.Steps)
        {
            var (reads, writes) = BufferSharing.Access(step, body.Nodes, body.Storage, body.Slots);
            (step.IsBackward ? backwardUse : forwardUse).UnionWith(reads.Concat(writes));
        }
        var perLayer = new HashSet<string>(body.Buffers.Where(b => b.Kind == BufferKind.Workspace && forwardUse.Contains(b.Id) && backwardUse.Contains(b.Id))
            .Select(b => b.Field));

        string SlotName(int operand)
        {
            var slot = _slots.FirstOrDefault(s => s.Kernel == backward!.Id && s.Slot == operand);
            return slot is { Buffer: >= 0 } ? _buffers[slot.Buffer].Name : string.Empty;
        }

        var bindings = new List<BodyBuffer>();
        foreach (var buffer in body.Buffers)
        {
            var size = buffer.Shape.Count;
            var kind = buffer.ParameterIndex >= 0 ? loop.KindOf(buffer.ParameterIndex) : LoopInputKind.Carried;
            var binding = buffer.Kind switch
            {
                BufferKind.Input when buffer.ParameterIndex < 0 => new BodyBuffer(buffer.Id, BodyBufferRole.Seed, OuterName(backward!.Input(0)), string.Empty, size),
                BufferKind.Input => kind switch
                {
                    LoopInputKind.Carried => new BodyBuffer(buffer.Id, BodyBufferRole.CarriedIn, OuterName(node.Input(0)), states, size),
                    LoopInputKind.Layer => new BodyBuffer(buffer.Id, BodyBufferRole.LayerIn, OuterName(node.Input(buffer.ParameterIndex)), string.Empty, size),
                    _ => new BodyBuffer(buffer.Id, BodyBufferRole.SharedIn, string.Empty, string.Empty, size),
                },
                BufferKind.Result => new BodyBuffer(buffer.Id, BodyBufferRole.Result, OuterName(node.Id), states, size),
                BufferKind.Workspace => new BodyBuffer(buffer.Id, perLayer.Contains(buffer.Field) ? BodyBufferRole.LayerWorkspace : BodyBufferRole.Workspace,
                    string.Empty, buffer.Field, size),
                _ => kind switch
                {
                    LoopInputKind.Carried => new BodyBuffer(buffer.Id, BodyBufferRole.CarriedGradient, OuterName(backward!.Id), string.Empty, size),
                    LoopInputKind.Layer => new BodyBuffer(buffer.Id, BodyBufferRole.LayerGradient, SlotName(buffer.ParameterIndex), buffer.Field, size),
                    _ => new BodyBuffer(buffer.Id, BodyBufferRole.SharedGradient, SlotName(buffer.ParameterIndex), buffer.Field, size),
                },
            };
            bindings.Add(binding);
        }

        var (sizeSteps, saved) = ForwardScalars(body);
        string savedField = saved.Count > 0 ? _members.Take("_" + carried + "Scalars") : string.Empty;
        var scalars = body.Gradients.Where(g => g.Buffer < 0 && backward is not null && SlotName(g.ParameterIndex).Length > 0)
            .Select(g => new ScalarGradient(g.ValueId, SlotName(g.ParameterIndex))).ToEquatableArray();
        return new LoopSchedule(node.Id, backward?.Id ?? -1, loop, body, counter, states, gradientA, gradientB, bindings.ToEquatableArray(),
            sizeSteps.ToEquatableArray(), saved.ToEquatableArray(), savedField, scalars);
    }

    /// <summary>
    /// The body's forward scalars that its backward steps, written in a loop of their own, cannot see: sizes are
    /// computed again (their steps, by index); values computed from the data are saved per iteration.
    /// </summary>
    private static (List<int> SizeSteps, List<int> Saved) ForwardScalars(ComputePlan body)
    {
        var nodes = body.Nodes;
        var sizeOnly = new bool?[nodes.Count];
        bool SizeOnly(int id)
        {
            if (sizeOnly[id] is bool known) return known;
            var node = nodes[id];
            bool result = node.Kind is OpKind.ShapeQuery or OpKind.Constant or OpKind.Parameter
                || (NodeClassifier.Classify(node, nodes) == NodeClass.Scalar && node.Inputs.All(SizeOnly));
            sizeOnly[id] = result;
            return result;
        }

        // What the backward steps read: the inputs of every node they compute, and the gradients they hand out.
        var read = new HashSet<int>(body.Gradients.Select(g => g.ValueId));
        foreach (var step in body.Steps.Where(s => s.IsBackward))
        {
            var computed = step switch
            {
                ScalarStep scalar => new[] { scalar.Value },
                LoopStep loop => loop.Loop.Body.ToArray(),
                KernelStep kernel => new[] { kernel.Node },
                _ => System.Array.Empty<int>(),
            };
            foreach (int id in computed) read.UnionWith(nodes[id].Inputs);
        }

        var sizeSteps = new List<int>();
        var saved = new List<int>();
        for (int i = 0; i < body.Steps.Count; i++)
        {
            switch (body.Steps[i])
            {
                case { IsBackward: true }:
                    break;
                case ScalarStep scalar when SizeOnly(scalar.Value):
                    sizeSteps.Add(i);
                    break;
                case ScalarStep scalar:
                    saved.Add(scalar.Value);
                    break;
                case LoopStep loop:
                    saved.AddRange(loop.Loop.Operands.Where(o => o.Role == OperandRole.Total).Select(o => o.Value));
                    break;
                case KernelStep kernel when !nodes[kernel.Node].IsTensor:
                    saved.Add(kernel.Node);
                    break;
            }
        }
        saved.RemoveAll(id => !read.Contains(id));
        if (saved.Any(id => !nodes[id].Element.IsFloating()))
            throw new InvalidOperationException("a loop's body computes an integer from tensor values, which its backward pass cannot keep");
        return (sizeSteps, saved);
    }
}
