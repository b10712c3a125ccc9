using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>
/// The Differentiate stage's output: the forward nodes followed by the backward nodes in one SSA list, and where
/// each requested gradient ends up.
/// </summary>
/// <param name="Method">The shaped method (signature, forward nodes, diagnostics so far).</param>
/// <param name="Nodes">Forward nodes <c>[0, ForwardCount)</c>, then the backward nodes.</param>
/// <param name="ForwardCount">How many of <paramref name="Nodes"/> are the forward pass.</param>
/// <param name="SeedId">The result's adjoint: the <c>outputGradient</c> parameter for a tensor result, the constant 1 otherwise.</param>
/// <param name="Gradients">One entry per differentiated parameter.</param>
/// <param name="Diagnostics">Everything reported so far, this stage included.</param>
internal sealed record DifferentiatedMethod(
    MethodIr Method,
    EquatableArray<IrNode> Nodes,
    int ForwardCount,
    int SeedId,
    EquatableArray<GradientOutput> Gradients,
    EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>Where a parameter's gradient is: a node, or nothing when the result does not depend on it (zero).</summary>
/// <param name="ParameterIndex">The parameter.</param>
/// <param name="ValueId">The node holding its adjoint, or -1 for zero.</param>
/// <param name="Rules">The derivative rules that contribute to it, for the generated documentation.</param>
internal sealed record GradientOutput(int ParameterIndex, int ValueId, EquatableArray<string> Rules);
