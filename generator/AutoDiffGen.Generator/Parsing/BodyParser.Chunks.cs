using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Parsing;

// x.Chunk(chunks, axis) makes an array of parts, which a differentiable method takes apart at once: by deconstruction,
// var (q, k, v) = qkv.Chunk(3, 2), or from a variable by constant index, parts[0]. Each part is a narrow of its run,
// whose start and length the shape stage works out from the axis's length.
internal sealed partial class BodyParser
{
    /// <summary>
    /// A chunked tensor: the tensor, the axis as written, the number of parts, the call, and the call's one span, which
    /// every part points at (so a fault of the call is one diagnostic however many parts find it).
    /// </summary>
    private sealed record ChunkGroup(int Input, int Axis, int Chunks, IInvocationOperation Call, int Span);

    private readonly Dictionary<ISymbol, ChunkGroup> _chunkGroups = new(SymbolEqualityComparer.Default);

    private static bool IsChunk(IOperation? operation)
        => operation is IInvocationOperation { TargetMethod: { Name: "Chunk" } method } && TypeFacts.IsTensorMath(method.ContainingType);

    /// <summary>Reads <c>x.Chunk(chunks, axis)</c>; null after reporting when the arguments are not constants.</summary>
    private ChunkGroup? Chunk(IInvocationOperation call)
    {
        if (CallArguments.InParameterOrder(call) is not { } operands)
        {
            Invalid(call, "an argument matches no parameter");
            return null;
        }
        int input = Expression(operands[0]);
        if (ConstantInt(operands[1], "chunks", "Chunk") is not int chunks || ConstantInt(operands[2], "axis", "Chunk") is not int axis) return null;
        if (chunks < 1)
        {
            Invalid(operands[1], $"Chunk needs at least one part, not {chunks}");
            return null;
        }
        return new ChunkGroup(input, axis, chunks, call, _callSite ?? _spans.Add(call.Syntax));
    }

    /// <summary>Part <paramref name="index"/> of <paramref name="group"/>, as a narrow the shape stage resolves.</summary>
    private int ChunkPart(ChunkGroup group, int index)
    {
        var outer = _callSite;
        _callSite = group.Span;
        int part = Add(OpKind.Narrow, ElementOf(group.Call.Type is IArrayTypeSymbol array ? array.ElementType : group.Call.Type), true, group.Call,
            new OpAttributes { Axis = group.Axis, Chunks = group.Chunks, ChunkIndex = index }, new[] { group.Input },
            Displays.Of(group.Call.Instance ?? group.Call.Arguments[0].Value));
        _callSite = outer;
        return part;
    }

    /// <summary><c>var (q, k, v) = qkv.Chunk(3, axis)</c>: one part per variable, as many variables as parts.</summary>
    private void DeconstructChunk(IDeconstructionAssignmentOperation deconstruction)
    {
        var targets = TupleElements(deconstruction.Target).ToList();
        if (Chunk((IInvocationOperation)deconstruction.Value) is not { } group) return;
        if (targets.Count != group.Chunks)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, deconstruction.Syntax, Displays.Of(deconstruction.Syntax),
                $"Chunk makes {group.Chunks} parts, but they are deconstructed into {targets.Count} variables");
            // The variables still get placeholders, so their uses do not report again.
            foreach (var target in targets)
            {
                if (VariableOf(target) is { } symbol) Bind(symbol, Invalid());
            }
            return;
        }
        for (int i = 0; i < targets.Count; i++)
        {
            if (targets[i] is IDiscardOperation) continue;
            if (VariableOf(targets[i]) is { } symbol) Bind(symbol, ChunkPart(group, i));
            else Report(DiagnosticDescriptors.UnsupportedExpression, targets[i].Syntax, Displays.Of(targets[i].Syntax), "a part of a Chunk goes into a local variable");
        }
    }

    private static IEnumerable<IOperation> TupleElements(IOperation target) => target switch
    {
        IDeclarationExpressionOperation { Expression: var inner } => TupleElements(inner),
        ITupleOperation tuple => tuple.Elements,
        _ => new[] { target },
    };

    /// <summary><c>parts[i]</c> of a variable that holds a Chunk, with a constant index.</summary>
    private int ChunkElement(IArrayElementReferenceOperation element, ChunkGroup group)
    {
        if (element.Indices.Length != 1 || element.Indices[0].ConstantValue.Value is not int index)
            return Invalid(element, "a part of a Chunk is taken with a constant index, as parts[0]");
        if (index < 0 || index >= group.Chunks)
            return Invalid(element, $"Chunk makes {group.Chunks} parts, numbered 0 to {group.Chunks - 1}, not {index}");
        return ChunkPart(group, index);
    }
}
