using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic AutoDiffGen reports. IDs are blocked by stage: ADG00xx declaration, ADG01xx unsupported
/// constructs, ADG02xx shapes, ADG03xx differentiation, ADG09xx internal. An ID is never reused.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AutoDiffGen";

    // Declaration
    public static readonly DiagnosticDescriptor MethodNotStatic = Error("ADG0001",
        "Differentiable method must be static",
        "Differentiable method '{0}' must be static");

    public static readonly DiagnosticDescriptor TypeNotPartial = Error("ADG0002",
        "Type must be partial",
        "'{0}' must be declared partial so that the backward pass of '{1}' can be generated into it");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error("ADG0003",
        "Unsupported parameter",
        "Parameter '{0}' of type '{1}' is not supported: {2}");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error("ADG0004",
        "Unsupported return type",
        "'{0}' returns '{1}', which is not supported: return float, double, Tensor<float> or Tensor<double>");

    public static readonly DiagnosticDescriptor MissingShape = Error("ADG0005",
        "Tensor parameter needs a [Shape]",
        "Tensor parameter '{0}' needs a [Shape] attribute declaring its dimensions, e.g. [Shape(\"N, D\")]");

    public static readonly DiagnosticDescriptor MalformedShape = Error("ADG0006",
        "Malformed [Shape]",
        "[Shape(\"{0}\")] on '{1}' is malformed: {2}");

    public static readonly DiagnosticDescriptor MixedElementTypes = Error("ADG0007",
        "Mixed floating-point types",
        "Parameter '{0}' is {1}, but '{2}' computes in {3}: a differentiable method uses one floating-point type");

    public static readonly DiagnosticDescriptor GeneratedNameConflict = Error("ADG0008",
        "Generated member name is taken",
        "'{0}' cannot take the member '{1}' that AutoDiffGen generates for '{2}': {3}");

    public static readonly DiagnosticDescriptor GenericMethod = Error("ADG0009",
        "Differentiable method must not be generic",
        "Differentiable method '{0}' must not be generic");

    public static readonly DiagnosticDescriptor UnboundSymbol = Error("ADG0010",
        "Shape symbol cannot be bound",
        "Symbol '{0}' in the shape of '{1}' cannot be bound from the arguments: declare it alone as a dimension of some parameter, or in a product whose other factors are bound");

    public static readonly DiagnosticDescriptor NotAMethod = Error("ADG0011",
        "[Differentiable] on something other than a method",
        "[Differentiable] applies to static methods of partial types, not to {0}");

    // Unsupported constructs
    public static readonly DiagnosticDescriptor UnsupportedCall = Error("ADG0101",
        "Unsupported call",
        "'{0}' is not supported in a differentiable method: {1}");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error("ADG0102",
        "Unsupported statement",
        "{0} is not supported in a differentiable method: write the computation as local declarations, assignments and a single return");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error("ADG0103",
        "Unsupported expression",
        "'{0}' is not supported in a differentiable method: {1}");

    public static readonly DiagnosticDescriptor NonConstantArgument = Error("ADG0104",
        "Argument must be constant",
        "The '{0}' argument of '{1}' must be a compile-time constant");

    public static readonly DiagnosticDescriptor RecursiveCall = Error("ADG0105",
        "Recursive differentiable call",
        "'{0}' cannot be inlined into '{1}' because the calls recurse ({2}); differentiable methods are inlined into their callers and cannot recurse");

    public static readonly DiagnosticDescriptor UnsupportedLoop = Error("ADG0106",
        "Unsupported loop",
        "{0} cannot be differentiated as a loop: {1}");

    // Shapes
    public static readonly DiagnosticDescriptor MatMulMismatch = Error("ADG0201",
        "Inner dimensions differ",
        "{0} inner dimensions differ: '{1}' is {2} but '{3}' is {4} ({5} ≠ {6}){7}");

    public static readonly DiagnosticDescriptor BroadcastMismatch = Error("ADG0202",
        "Shapes do not broadcast",
        "Cannot broadcast '{0}' {1} with '{2}' {3}: {4}");

    public static readonly DiagnosticDescriptor AxisOutOfRange = Error("ADG0203",
        "Axis out of range",
        "Axis {0} is out of range for '{1}' of shape {2} (rank {3})");

    public static readonly DiagnosticDescriptor UnsupportedRank = Error("ADG0204",
        "Unsupported rank",
        "{0} needs {1}, but '{2}' is {3}");

    public static readonly DiagnosticDescriptor InBoxBroadcast = Error("ADG0205",
        "In-box operator broadcasts incorrectly",
        "'{0}' uses System.Numerics.Tensors' {1}, which does not broadcast {2} with {3} correctly; {4}");

    public static readonly DiagnosticDescriptor InPlaceShapeChange = Error("ADG0206",
        "In-place operator would change the shape",
        "'{0}' would change the shape of '{1}' from {2} to {3}; an in-place operator keeps its left operand's shape");

    public static readonly DiagnosticDescriptor OperandShapeMismatch = Error("ADG0207",
        "Operand has the wrong shape",
        "{0} needs '{1}' to be {2}, but it is {3}");

    public static readonly DiagnosticDescriptor ReshapeLength = Error("ADG0208",
        "Reshape length is not a size",
        "The length '{0}' given to Reshape is neither a positive integer, -1, nor a product of tensor lengths such as x.Lengths[0]");

    public static readonly DiagnosticDescriptor NotAPermutation = Error("ADG0209",
        "Axes are not a permutation",
        "The axes ({0}) given to Permute are not an order of the axes of '{1}' of shape {2}: it needs each of its {3} axes once");

    public static readonly DiagnosticDescriptor LoopShapeMismatch = Error("ADG0210",
        "Loop shapes disagree",
        "The loop over '{0}' {1}");

    // Differentiation
    public static readonly DiagnosticDescriptor ResultIndependentOfParameter = Warning("ADG0301",
        "Result does not depend on a differentiated parameter",
        "The result of '{0}' does not depend on '{1}', so its gradient is always zero; mark it [NoDiff] if it is data");

    public static readonly DiagnosticDescriptor OverwrittenValue = Error("ADG0302",
        "A value is modified in place while still in use",
        "'{0}' modifies {1} in place, but {2}; write '{3} = {3} {4} …' to compute a new tensor instead");

    // Internal
    public static readonly DiagnosticDescriptor InternalError = Error("ADG0900",
        "Internal generator error",
        "AutoDiffGen could not generate the backward pass of '{0}': {1}");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } = new[]
    {
        MethodNotStatic, TypeNotPartial, UnsupportedParameter, UnsupportedReturnType, MissingShape, MalformedShape,
        MixedElementTypes, GeneratedNameConflict, GenericMethod, UnboundSymbol, NotAMethod,
        UnsupportedCall, UnsupportedStatement, UnsupportedExpression, NonConstantArgument, RecursiveCall, UnsupportedLoop,
        MatMulMismatch, BroadcastMismatch, AxisOutOfRange, UnsupportedRank, InBoxBroadcast, InPlaceShapeChange,
        OperandShapeMismatch, ReshapeLength, NotAPermutation, LoopShapeMismatch,
        ResultIndependentOfParameter, OverwrittenValue,
        InternalError,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor Find(string id) => ById[id];

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message)
        => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity)
        => new(id, title, message, Category, severity, isEnabledByDefault: true,
            helpLinkUri: $"docs/diagnostics/{id}.md");
}
