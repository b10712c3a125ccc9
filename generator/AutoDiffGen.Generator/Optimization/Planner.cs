using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// The Optimize stage: folds transposes into GEMM flags, drops dead values, fuses elementwise chains and the sums
/// over them into loops, decides where every value lives and orders the steps.
/// </summary>
internal sealed partial class Planner
{
    private readonly DifferentiatedMethod _method;
    private readonly List<IrNode> _nodes;
    private readonly bool[] _needed;
    private readonly List<FusionGroup> _groups;
    private readonly int[] _groupOf;
    private readonly Dictionary<int, GemmEpilogue> _epilogues;
    private readonly Dictionary<int, GemmEpilogue> _epilogueSums;
    private readonly ValueStorage[] _storage;
    private readonly List<BufferInfo> _buffers = new();
    private readonly List<SlotPlan> _slots = new();
    private readonly List<PlanStep> _steps = new();
    // Compute's parameters and locals (in a function of scalars, the public method's); and the gradients type's members.
    private readonly NameScope _names;
    private readonly NameScope _members;
    private readonly string _class;
    private readonly string[] _properties;
    private readonly List<string> _symbols;
    private readonly string[] _symbolLocals;
    private readonly ParameterNames[] _parameterNames;
    private readonly ParameterNames _outputGradient;
    private readonly string _gradientsParameter;

    private Planner(DifferentiatedMethod method, BodyContext? body = null)
    {
        var (nodes, canonical) = CommonSubexpressions.Run(TransposeFolding.Run(method.Nodes));
        int Canonical(int id) => id < 0 ? id : canonical[id];
        _method = method with
        {
            Method = method.Method with { ResultId = Canonical(method.Method.ResultId) },
            Gradients = method.Gradients.Select(g => g with { ValueId = Canonical(g.ValueId) }).ToEquatableArray(),
            SeedId = Canonical(method.SeedId),
        };
        _nodes = nodes;
        var roots = new List<int> { _method.Method.ResultId };
        roots.AddRange(_method.Gradients.Select(g => g.ValueId));
        _needed = DeadCode.Needed(_nodes, roots);
        // A loop body's forward and backward steps run in loops of their own: nothing may fuse across them.
        int backwardStart = body is null ? int.MaxValue : method.ForwardCount;
        (_groups, _groupOf) = Fusion.Group(_nodes, _needed, backwardStart);
        _epilogues = GemmEpilogues.Find(_nodes, _needed, _groups, _groupOf, roots)
            .Where(e => e.Key < backwardStart == e.Value.Sum < backwardStart).ToDictionary(e => e.Key, e => e.Value);
        _epilogueSums = _epilogues.Values.ToDictionary(e => e.Sum);
        _storage = Enumerable.Repeat(ValueStorage.None, _nodes.Count).ToArray();
        _body = body;

        var parameters = method.Method.Parameters;
        if (body is not null)
        {
            // A loop's body is written inside the enclosing Compute and its gradients class: it takes its names from theirs.
            var enclosing = body.Enclosing;
            _symbols = enclosing._symbols;
            _symbolLocals = enclosing._symbolLocals;
            _names = enclosing._names;
            _members = enclosing._members;
            _parameterNames = parameters.Select(p => new ParameterNames(p.Name, body.Locals[p.Index] ?? _names.Take(BodyLocal(body, p)), string.Empty)).ToArray();
            _outputGradient = new ParameterNames(string.Empty, _names.Take("d" + Identifiers.Pascal(parameters[0].Name) + "Out"), string.Empty);
            _gradientsParameter = string.Empty;
            (_class, _properties) = (string.Empty, System.Array.Empty<string>());
            return;
        }

        // Shape symbols keep their spelling unless it is a keyword; parameters then keep theirs unless a symbol or a
        // keyword has it. In a function of scalars the parameters are the public method's own, so they come first.
        _symbols = parameters.SelectMany(p => p.DeclaredShape.Dims).SelectMany(d => d.Symbols)
            .Concat(parameters.Where(p => p.SizeSymbol.Length > 0).Select(p => p.SizeSymbol)).Distinct().ToList();
        _names = new NameScope(method.Method.IsScalarFunction ? parameters.Select(p => p.Name) : Enumerable.Empty<string>());
        _symbolLocals = _symbols.Select(s => _names.TakeOr(s, s + "Size")).ToArray();
        _parameterNames = parameters.Select(p => new ParameterNames(p.Name,
            method.Method.IsScalarFunction && !Identifiers.IsKeyword(p.Name) ? p.Name : _names.TakeOr(p.Name, p.Name + (p.IsTensor ? "Values" : "Value")),
            p.IsTensor ? _names.Take(p.Name + "Tensor") : string.Empty)).ToArray();

        var (outputGradient, gradientsParameter) = PublicNames(method.Method);
        _outputGradient = method.Method.ReturnsTensor
            ? new ParameterNames(outputGradient, _names.Take(outputGradient), _names.Take(outputGradient + "Tensor"))
            : ParameterNames.None;
        _gradientsParameter = gradientsParameter;
        (_class, _properties, _members) = GradientsTypeNames(method.Method);
    }

    /// <summary>The public methods' own parameters beside the user's: the output gradient (of a tensor result) and the gradients object.</summary>
    private static (string OutputGradient, string Gradients) PublicNames(MethodIr method)
    {
        var names = new NameScope(method.Parameters.Select(p => p.Name));
        string outputGradient = method.ReturnsTensor ? names.Take("outputGradient") : string.Empty;
        return (outputGradient, names.Take("gradients"));
    }

    /// <summary>
    /// The gradients type's name and its public properties, one per differentiated parameter in order, named after
    /// it; the scope its other members are then taken from.
    /// </summary>
    private static (string Class, string[] Properties, NameScope Members) GradientsTypeNames(MethodIr method)
    {
        string name = method.Name + "Gradients";
        var reserved = new List<string> { name, "Allocate", "Compute", "Parameters" };
        reserved.AddRange(Identifiers.ObjectMembers);
        var members = new NameScope(reserved);
        var properties = method.Parameters.Where(p => p.IsDifferentiated).Select(p => p.Name)
            .Select(parameter => members.TakeOr(Identifiers.Pascal(parameter), Identifiers.Pascal(parameter) + "Gradient")).ToArray();
        return (name, properties, members);
    }

    /// <summary>
    /// For a method whose body has errors: only the names of what it would generate, so the emitter can keep the
    /// declarations that other code refers to while the body is being written.
    /// </summary>
    private static ComputePlan Declarations(DifferentiatedMethod method)
    {
        var (outputGradient, gradients) = PublicNames(method.Method);
        var (name, properties, _) = GradientsTypeNames(method.Method);
        var members = MemberNames.None with { Class = name, Properties = properties.ToEquatableArray(), GradientsParameter = gradients };
        return Empty(method, method.Diagnostics) with { Members = members, OutputGradient = new ParameterNames(outputGradient, string.Empty, string.Empty) };
    }

    public static ComputePlan Run(DifferentiatedMethod method)
    {
        if (method.HasErrors || method.Method.ResultId < 0)
            return method.Method.HasDeclaration ? Declarations(method) : Empty(method, method.Diagnostics);
        try
        {
            return new Planner(method).Plan();
        }
        catch (Exception exception)
        {
            var diagnostics = method.Diagnostics.ToList();
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError.Id, 0, method.Method.Name, InternalError.Describe(exception)));
            return Empty(method, diagnostics.ToEquatableArray());
        }
    }

    private ComputePlan Plan()
    {
        AssignStorage();
        var gradients = PlaceOutputs();
        Schedule();
        FinishOutputs(gradients);
        var shared = BufferSharing.Apply(_buffers, _steps, _nodes, _storage, _slots, _members, _body is null ? "_workspace" : "_layerWorkspace");
        if (_body is not null) return PlanOfBody(gradients, shared);
        var members = NameMembers(gradients, shared);
        var loops = ScheduleLoops();

        return new ComputePlan(_method.Method, _nodes.ToEquatableArray(), _storage.ToEquatableArray(), _buffers.ToEquatableArray(),
            _steps.ToEquatableArray(), gradients.ToEquatableArray(), _slots.ToEquatableArray(), IndexChecks().Concat(_loopIndexChecks).Distinct().ToEquatableArray(),
            _method.Method.ResultId, _method.SeedId, _symbols.ToEquatableArray(), _symbolLocals.ToEquatableArray(),
            _parameterNames.ToEquatableArray(), _outputGradient, members, _method.Diagnostics) { Loops = loops };
    }

    /// <summary>
    /// The gradients type's fields, after its properties and loop structs: one per gradient, per backing array (a
    /// buffer's own, or one shared with others), per copy of a non-dense argument and per remembered size.
    /// </summary>
    private MemberNames NameMembers(List<GradientPlan> gradients, ISet<int> shared)
    {
        var gradientFields = gradients.Select(g => g.Buffer >= 0
            ? _members.Take("_" + _method.Method.Parameters[g.ParameterIndex].Name + "Gradient")
            : string.Empty).ToEquatableArray();
        string resultField = _method.Method.ReturnsTensor ? _members.Take("_resultTensor") : string.Empty;
        string allocated = _members.Take("_allocated");
        var sizeFields = _symbolLocals.Select(local => _members.Take("_size" + local)).ToEquatableArray();
        string namesField = _members.Take("_parameterNames");

        // Buffers that share an array already have its field; every other one gets its own.
        for (int i = 0; i < _buffers.Count; i++)
        {
            var buffer = _buffers[i];
            if (shared.Contains(buffer.Id)) continue;
            string preferred = buffer.Kind == BufferKind.Input
                ? "_" + (buffer.ParameterIndex >= 0 ? _method.Method.Parameters[buffer.ParameterIndex].Name : _outputGradient.Public) + "Copy"
                : "_" + buffer.Name;
            _buffers[i] = buffer with { Field = _members.Take(preferred) };
        }
        return new MemberNames(_class, _properties.ToEquatableArray(), gradientFields, resultField, allocated, sizeFields, _gradientsParameter, namesField);
    }

    private static ComputePlan Empty(DifferentiatedMethod method, EquatableArray<DiagnosticInfo> diagnostics)
        => new(method.Method, method.Nodes, EquatableArray<ValueStorage>.Empty, EquatableArray<BufferInfo>.Empty,
            EquatableArray<PlanStep>.Empty, EquatableArray<GradientPlan>.Empty, EquatableArray<SlotPlan>.Empty,
            EquatableArray<IndexCheckPlan>.Empty, -1, -1, EquatableArray<string>.Empty, EquatableArray<string>.Empty,
            EquatableArray<ParameterNames>.Empty, ParameterNames.None, MemberNames.None, diagnostics);

    private NodeClass ClassOf(int id) => NodeClassifier.Classify(_nodes[id], _nodes);

    /// <summary>
    /// Every index argument is checked against the size it indexes before anything runs: the table's rows for an
    /// embedding, the classes for a pick or a cross-entropy.
    /// </summary>
    private IEnumerable<IndexCheckPlan> IndexChecks()
    {
        var checks = new List<IndexCheckPlan>();
        foreach (var node in _nodes.Where(n => _needed[n.Id] && n.Kind is OpKind.Embedding or OpKind.Pick or OpKind.CrossEntropy))
        {
            var indexed = _nodes[node.Input(0)].Shape;
            var limit = node.Kind == OpKind.Embedding ? indexed[0] : indexed[indexed.Rank - 1];
            int buffer = _storage[node.Input(1)].Buffer;
            var parameter = _buffers[buffer].ParameterIndex >= 0 ? _method.Method.Parameters[_buffers[buffer].ParameterIndex].Name : _buffers[buffer].Name;
            var check = new IndexCheckPlan(buffer, limit, parameter);
            if (!checks.Contains(check)) checks.Add(check);
        }
        return checks;
    }

    /// <summary>True when a fused value must be written out: something outside its loop reads it, or it is an output.</summary>
    private bool IsMaterialized(int id)
    {
        if (id == _method.Method.ResultId || _method.Gradients.Any(g => g.ValueId == id)) return true;
        int group = _groupOf[id];
        foreach (var consumer in _nodes)
        {
            if (_needed[consumer.Id] && consumer.Kind != OpKind.ShapeQuery && consumer.Inputs.Contains(id)
                && (group < 0 || _groupOf[consumer.Id] != group)) return true;
        }
        return false;
    }

    private void AssignStorage()
    {
        foreach (var node in _nodes)
        {
            if (!_needed[node.Id]) continue;
            switch (ClassOf(node.Id))
            {
                case NodeClass.Source when node.Kind == OpKind.Constant:
                    _storage[node.Id] = new ValueStorage(StorageKind.Constant, string.Empty, -1);
                    break;
                case NodeClass.Source when node.Kind == OpKind.Parameter:
                    var parameter = _method.Method.Parameters[node.Attributes.Index];
                    _storage[node.Id] = node.IsTensor
                        ? Buffer(_parameterNames[parameter.Index].Local, BufferKind.Input, parameter.Index, node.Shape, node.Element)
                        : new ValueStorage(StorageKind.Scalar, _parameterNames[parameter.Index].Local, -1);
                    break;
                case NodeClass.Source:
                    _storage[node.Id] = Buffer(_outputGradient.Local, BufferKind.Input, -1, node.Shape);
                    break;
                case NodeClass.View:
                    _storage[node.Id] = _storage[node.Input(0)];
                    break;
                case NodeClass.Scalar:
                    _storage[node.Id] = new ValueStorage(StorageKind.Scalar, _names.Take(BaseName(node)), -1);
                    break;
                case NodeClass.Reduction when !node.IsTensor:
                    _storage[node.Id] = new ValueStorage(StorageKind.Scalar, _names.Take(BaseName(node)), -1);
                    break;
                case NodeClass.Gemm when _epilogues.ContainsKey(node.Id):
                    // Computed with its bias straight into the sum's buffer; the name is for the comment.
                    _storage[node.Id] = new ValueStorage(StorageKind.None, _names.Take(BaseName(node)), -1);
                    break;
                case NodeClass.Gemm or NodeClass.Transpose:
                    _storage[node.Id] = Buffer(_names.Take(BaseName(node)), BufferKind.Workspace, -1, node.Shape);
                    break;
                case NodeClass.Kernel:
                    _storage[node.Id] = node.IsTensor
                        ? Buffer(_names.Take(BaseName(node)), BufferKind.Workspace, -1, node.Shape)
                        : new ValueStorage(StorageKind.Scalar, _names.Take(BaseName(node)), -1);
                    AssignSlots(node);
                    break;
                case NodeClass.KernelOutput:
                    var slot = _slots.Single(s => s.Kernel == node.Input(0) && s.Slot == node.Attributes.Slot);
                    _storage[node.Id] = new ValueStorage(StorageKind.Buffer, _buffers[slot.Buffer].Name, slot.Buffer);
                    break;
                case NodeClass.Elementwise when _epilogueSums.TryGetValue(node.Id, out var added) && added.Accumulates:
                    // The product is added into the other operand's buffer, which holds the sum from then on.
                    _storage[node.Id] = _storage[added.Bias];
                    break;
                default:
                    // Values that stay in registers still get a name: the loop body declares them as locals.
                    _storage[node.Id] = IsMaterialized(node.Id)
                        ? Buffer(_names.Take(BaseName(node)), BufferKind.Workspace, -1, node.Shape)
                        : new ValueStorage(StorageKind.None, _names.Take(BaseName(node)), -1);
                    break;
            }
        }
    }

    /// <summary>
    /// Buffers for a kernel's extra results: always for those the kernel must write, otherwise only when a needed
    /// <see cref="OpKind.KernelOutput"/> reads them (the kernel gets an empty span and skips the work).
    /// </summary>
    private void AssignSlots(IrNode kernel)
    {
        foreach (var slot in KernelSlots.Of(kernel, _nodes))
        {
            var reader = _nodes.FirstOrDefault(n => _needed[n.Id] && n.Kind == OpKind.KernelOutput && n.Input(0) == kernel.Id && n.Attributes.Slot == slot.Number);
            if (!slot.Required && reader is null)
            {
                _slots.Add(new SlotPlan(kernel.Id, slot.Number, -1));
                continue;
            }
            string name = _names.Take(reader is not null ? BaseName(reader) : BaseName(kernel) + "Slot" + slot.Number);
            _slots.Add(new SlotPlan(kernel.Id, slot.Number, Buffer(name, BufferKind.Workspace, -1, slot.Shape, slot.Element).Buffer));
        }
    }

    private ValueStorage Buffer(string name, BufferKind kind, int parameterIndex, Shape shape, ElementType? element = null)
    {
        var buffer = new BufferInfo(_buffers.Count, name, kind, parameterIndex, shape, element ?? _method.Method.Element, name);
        _buffers.Add(buffer);
        return new ValueStorage(StorageKind.Buffer, name, buffer.Id);
    }

    /// <summary>
    /// Gives the result and each gradient its own buffer: the buffer that already holds the value when no one else
    /// owns it, otherwise a new one filled by a copy (or cleared, for a gradient that is always zero).
    /// </summary>
    private List<GradientPlan> PlaceOutputs()
    {
        var owned = new HashSet<int>();
        int resultId = _method.Method.ResultId;
        if (_method.Method.ReturnsTensor)
        {
            int buffer = _storage[resultId].Buffer;
            if (buffer >= 0 && _buffers[buffer].Kind == BufferKind.Workspace)
            {
                _buffers[buffer] = _buffers[buffer] with { Kind = BufferKind.Result };
                owned.Add(buffer);
            }
        }

        var gradients = new List<GradientPlan>();
        foreach (var gradient in _method.Gradients)
        {
            var parameter = _method.Method.Parameters[gradient.ParameterIndex];
            if (!parameter.IsTensor)
            {
                gradients.Add(new GradientPlan(parameter.Index, -1, gradient.ValueId, gradient.Rules));
                continue;
            }
            int buffer = gradient.ValueId >= 0 ? _storage[gradient.ValueId].Buffer : -1;
            if (buffer >= 0 && _buffers[buffer].Kind == BufferKind.Workspace && !owned.Contains(buffer))
            {
                _buffers[buffer] = _buffers[buffer] with { Kind = BufferKind.Gradient, ParameterIndex = parameter.Index };
                Rename(buffer, "d" + Identifiers.Pascal(parameter.Name));
                owned.Add(buffer);
                gradients.Add(new GradientPlan(parameter.Index, buffer, gradient.ValueId, gradient.Rules));
            }
            else
            {
                var own = Buffer(_names.Take("d" + Identifiers.Pascal(parameter.Name)), BufferKind.Gradient, parameter.Index, parameter.DeclaredShape);
                gradients.Add(new GradientPlan(parameter.Index, own.Buffer, gradient.ValueId, gradient.Rules));
            }
        }
        return gradients;
    }

    /// <summary>Renames a buffer, and every value stored in it, to what it holds for the user (a gradient's name).</summary>
    private void Rename(int buffer, string preferred)
    {
        if (_buffers[buffer].Name == preferred) return;
        string name = _names.Take(preferred);
        _buffers[buffer] = _buffers[buffer] with { Name = name, Field = name };
        for (int id = 0; id < _storage.Length; id++)
        {
            if (_storage[id].Buffer == buffer) _storage[id] = _storage[id] with { Name = name };
        }
    }

    /// <summary>Copies into gradient and result buffers that are not where their value was computed.</summary>
    private void FinishOutputs(List<GradientPlan> gradients)
    {
        foreach (var gradient in gradients.Where(g => g.Buffer >= 0))
        {
            if (gradient.ValueId < 0) _steps.Add(new ClearStep(true, gradient.Buffer));
            else if (_storage[gradient.ValueId].Buffer != gradient.Buffer) _steps.Add(new CopyStep(true, _storage[gradient.ValueId].Buffer, gradient.Buffer));
        }

        int resultId = _method.Method.ResultId;
        if (_method.Method.ReturnsTensor && (_storage[resultId].Buffer < 0 || _buffers[_storage[resultId].Buffer].Kind != BufferKind.Result))
        {
            var result = Buffer(_names.Take("result"), BufferKind.Result, -1, _nodes[resultId].Shape);
            _steps.Add(new CopyStep(false, _storage[resultId].Buffer, result.Buffer));
        }
    }

    private void Schedule()
    {
        foreach (var node in _nodes)
        {
            if (!_needed[node.Id]) continue;
            bool backward = node.Id >= _method.ForwardCount;
            switch (ClassOf(node.Id))
            {
                case NodeClass.Scalar:
                    _steps.Add(new ScalarStep(backward, node.Id));
                    break;
                case NodeClass.Gemm:
                    // A product with a bias epilogue runs where its sum stands, after the bias is computed.
                    if (!_epilogues.ContainsKey(node.Id)) _steps.Add(Gemm(node, backward));
                    break;
                case NodeClass.Elementwise when _epilogueSums.TryGetValue(node.Id, out var epilogue):
                    _steps.Add(epilogue.Accumulates
                        ? Gemm(_nodes[epilogue.Product], backward) with { Output = node.Id, Accumulate = true }
                        : Gemm(_nodes[epilogue.Product], backward) with { Output = node.Id, Bias = epilogue.Bias });
                    break;
                case NodeClass.Kernel:
                    _steps.Add(new KernelStep(backward, node.Id));
                    break;
                case NodeClass.Transpose:
                    var shape = _nodes[node.Input(0)].Shape;
                    _steps.Add(node.Kind == OpKind.Permute
                        ? new PermuteStep(backward, node.Id, node.Input(0), shape.Dims, node.Attributes.Axes)
                        : new TransposeStep(backward, node.Id, node.Input(0), shape[0], shape[1]));
                    break;
                case NodeClass.Elementwise or NodeClass.Reduction:
                    var group = _groups[_groupOf[node.Id]];
                    if (group.Last == node.Id) AddLoop(group);
                    break;
            }
        }
    }

    private GemmStep Gemm(IrNode node, bool backward)
    {
        bool tA = node.Attributes.TransposeA, tB = node.Attributes.TransposeB;
        var layout = MatMulLayout.Of(_nodes[node.Input(0)].Shape, _nodes[node.Input(1)].Shape, node.Shape, tA, tB);
        return new GemmStep(backward, node.Id, node.Input(0), node.Input(1), layout.M, layout.N, layout.K, tA, tB, Accumulate: false)
        {
            Batch = layout.IsBatched ? layout : null,
        };
    }

    private void AddLoop(FusionGroup group)
    {
        var members = new HashSet<int>(group.Members);
        var operands = new List<LoopLayout.Operand>();
        var seen = new HashSet<int>();
        var iteration = group.Iteration;

        foreach (int member in group.Members)
        {
            foreach (int input in _nodes[member].Inputs)
            {
                if (members.Contains(input) || _storage[input].Kind == StorageKind.Constant || !seen.Add(input)) continue;
                var node = _nodes[input];
                operands.Add(node.IsTensor
                    ? new LoopLayout.Operand(input, OperandRole.Input, LoopLayout.BroadcastSpans(node.Shape, iteration))
                    : new LoopLayout.Operand(input, OperandRole.ScalarInput, new bool[iteration.Rank]));
            }
        }

        var outputs = new List<int>();
        foreach (int member in group.Members)
        {
            var node = _nodes[member];
            if (_storage[member].Kind == StorageKind.None) continue;
            outputs.Add(member);
            if (ClassOf(member) == NodeClass.Reduction)
            {
                var role = node.IsTensor ? OperandRole.Accumulate : OperandRole.Total;
                operands.Add(new LoopLayout.Operand(member, role, LoopLayout.ReductionSpans(node, iteration)));
                if (role == OperandRole.Accumulate) _steps.Add(new ClearStep(member >= _method.ForwardCount, _storage[member].Buffer));
            }
            else
            {
                operands.Add(new LoopLayout.Operand(member, OperandRole.Store, LoopLayout.BroadcastSpans(node.Shape, iteration)));
            }
        }

        string Name(int id) => _storage[id].Name.Length > 0 ? _storage[id].Name : BaseName(_nodes[id]);
        string summary = string.Join("; ", outputs.Select(o =>
            Name(o) + " = " + ExpressionText.Of(o, _nodes, id => id == o || (members.Contains(id) && _storage[id].Kind == StorageKind.None), Name)));

        // The struct is a member of the gradients class, named after what it computes; its local is Compute's.
        string loopName = _members.Take(Identifiers.Pascal(outputs.Count > 0 ? Name(outputs[0]) : "Fused") + "Loop");
        var plan = LoopLayout.Build(loopName, _names.Take(Identifiers.Camel(loopName)), iteration, operands, group.Members, summary);
        var symbolLocals = new Dictionary<string, string>();
        for (int i = 0; i < _symbols.Count; i++) symbolLocals[_symbols[i]] = _symbolLocals[i];
        plan = plan with
        {
            Names = LoopNaming.Name(plan, Name, id => _nodes[id].Kind is OpKind.Sum or OpKind.SumTo or OpKind.BroadcastTo, s => symbolLocals[s]),
        };
        _steps.Add(new LoopStep(group.Members.Any(m => m >= _method.ForwardCount), plan));
    }

    /// <summary>A readable name: the source variable, else one made from the op and its operands.</summary>
    private string BaseName(IrNode node)
    {
        if (node.Name.Length > 0) return node.Name;
        string Operand(int index) => _storage[node.Input(index)].Name is { Length: > 0 } name ? name : _nodes[node.Input(index)].Name;
        switch (node.Kind)
        {
            case OpKind.MatMul:
                string left = Operand(0), right = Operand(1);
                if (left.Length > 0 && right.Length > 0 && left.Length + right.Length <= 16)
                    return (node.Attributes.TransposeA ? left + "T" : left) + Identifiers.Pascal(node.Attributes.TransposeB ? right + "T" : right);
                return "product";
            case OpKind.Transpose:
                return Operand(0) is { Length: > 0 } source ? source + "T" : "transposed";
            case OpKind.Permute:
                return Operand(0) is { Length: > 0 } permuted ? permuted + "P" : "permuted";
            case OpKind.ShapeQuery:
                return Operand(0) is { Length: > 0 } of ? of + (node.Attributes.Query == ShapeQueryKind.Rank ? "Rank" : "Length") : "size";
            default:
                string kind = node.Kind.ToString();
                return char.ToLowerInvariant(kind[0]) + kind.Substring(1);
        }
    }
}
