using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// The Optimize stage's output and the Emit stage's input: storage for every value, the ordered steps of the
/// forward and backward passes, and where the result and each gradient end up. Names are final here, so Emit
/// only prints.
/// </summary>
internal sealed record ComputePlan(
    MethodIr Method,
    EquatableArray<IrNode> Nodes,
    EquatableArray<ValueStorage> Storage,
    EquatableArray<BufferInfo> Buffers,
    EquatableArray<PlanStep> Steps,
    EquatableArray<GradientPlan> Gradients,
    EquatableArray<SlotPlan> Slots,
    EquatableArray<IndexCheckPlan> IndexChecks,
    int ResultId,
    int SeedId,
    EquatableArray<string> Symbols,
    EquatableArray<string> SymbolLocals,
    EquatableArray<ParameterNames> ParameterNames,
    ParameterNames OutputGradient,
    MemberNames Members,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The loops among the steps, each with its body planned once.</summary>
    public EquatableArray<LoopSchedule> Loops { get; init; } = EquatableArray<LoopSchedule>.Empty;
}

/// <summary>
/// The names a parameter goes by: <paramref name="Public"/> in the generated public methods, <paramref name="Local"/>
/// for its span or scalar inside <c>Compute</c>, <paramref name="Tensor"/> for the tensor argument there. The local
/// differs from the public name when that is a C# keyword or is spelled like a shape symbol.
/// </summary>
internal sealed record ParameterNames(string Public, string Local, string Tensor)
{
    public static readonly ParameterNames None = new(string.Empty, string.Empty, string.Empty);
}

/// <summary>
/// The names of what the generated code declares beside the method's values: the gradients type and its members, and
/// the public methods' own parameter. Members are one declaration space apart from <c>Compute</c>'s locals, which
/// reach them through <c>this.</c>, so a user's name never has to give way to a field.
/// </summary>
/// <param name="Class">The gradients class (a record struct for a function of scalars).</param>
/// <param name="Properties">Per entry of <see cref="ComputePlan.Gradients"/>: its public property.</param>
/// <param name="GradientFields">Per entry of <see cref="ComputePlan.Gradients"/>: the field behind a tensor gradient; empty for a scalar one.</param>
/// <param name="ResultField">The field holding a tensor result; empty for a scalar result.</param>
/// <param name="AllocatedField">The field saying the workspace has been sized.</param>
/// <param name="SizeFields">Per shape symbol: the field remembering the size the workspace was made for.</param>
/// <param name="GradientsParameter">The public methods' gradients argument, free of the user's parameter names.</param>
/// <param name="NamesField">The static field listing the differentiated tensor parameters' names.</param>
internal sealed record MemberNames(
    string Class,
    EquatableArray<string> Properties,
    EquatableArray<string> GradientFields,
    string ResultField,
    string AllocatedField,
    EquatableArray<string> SizeFields,
    string GradientsParameter,
    string NamesField)
{
    public static readonly MemberNames None = new(string.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, string.Empty,
        string.Empty, EquatableArray<string>.Empty, string.Empty, string.Empty);
}

/// <summary>Where a value lives in the generated code.</summary>
internal enum StorageKind
{
    /// <summary>Never materialized: computed inside a fused loop, or dead.</summary>
    None,

    /// <summary>A C# scalar local.</summary>
    Scalar,

    /// <summary>A literal.</summary>
    Constant,

    /// <summary>A span over a buffer (<see cref="ValueStorage.Buffer"/>).</summary>
    Buffer,
}

/// <summary>Where one value lives, and the name it goes by in the generated code.</summary>
internal sealed record ValueStorage(StorageKind Kind, string Name, int Buffer)
{
    public static readonly ValueStorage None = new(StorageKind.None, string.Empty, -1);
}

internal enum BufferKind
{
    /// <summary>A tensor argument's elements, read through <c>TensorData.Read</c>.</summary>
    Input,

    /// <summary>Forward intermediates and adjoints, owned by the gradients object and reused across calls.</summary>
    Workspace,

    /// <summary>A parameter's gradient, exposed as a tensor property.</summary>
    Gradient,

    /// <summary>A tensor-valued method's result, returned as a tensor.</summary>
    Result,
}

/// <summary>Storage for tensor elements.</summary>
/// <param name="Id">Index in the plan's buffer list.</param>
/// <param name="Name">The span's name in the method body (the field adds an underscore).</param>
/// <param name="Kind">Who owns it.</param>
/// <param name="ParameterIndex">For inputs and gradients: the parameter; -1 for the output gradient argument.</param>
/// <param name="Shape">Its shape, which sizes it.</param>
/// <param name="Element">Its element type: the method's, or <c>int</c> for indices.</param>
/// <param name="Field">The gradients class's field behind it: the array it lives in (its own, or one shared with buffers whose
/// lifetimes do not overlap); for an input, the array a non-dense argument is copied to.</param>
internal sealed record BufferInfo(int Id, string Name, BufferKind Kind, int ParameterIndex, Shape Shape, ElementType Element, string Field);

/// <summary>Where a kernel writes extra result <paramref name="Slot"/>: a buffer, or -1 to skip it.</summary>
internal sealed record SlotPlan(int Kernel, int Slot, int Buffer);

/// <summary>An index argument checked on entry, before anything is computed: every value in [0, <paramref name="Limit"/>).</summary>
internal sealed record IndexCheckPlan(int Buffer, Dim Limit, string Parameter);

/// <summary>How a differentiated parameter's gradient is produced.</summary>
/// <param name="ParameterIndex">The parameter.</param>
/// <param name="Buffer">For a tensor parameter: its gradient buffer.</param>
/// <param name="ValueId">The adjoint value, or -1 when it is zero.</param>
/// <param name="Rules">The rules that contribute, for documentation.</param>
internal sealed record GradientPlan(int ParameterIndex, int Buffer, int ValueId, EquatableArray<string> Rules);
