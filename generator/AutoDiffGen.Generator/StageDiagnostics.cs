using System.Collections.Concurrent;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;
using AutoDiffGen.Generator.Shapes;

namespace AutoDiffGen.Generator;

/// <summary>
/// Every diagnostic of a parsed method: the stages after Parse, run as the generator runs them, Emit included, since
/// it reports a failure to write the file. They are pure functions of the parsed method, so their result is kept for
/// the methods seen last: while someone types in one method, the others in the file cost the analyzer only their parse.
/// </summary>
internal static class StageDiagnostics
{
    // Enough for the methods being worked on; emptied when full, so a large solution cannot grow it without bound.
    private const int Capacity = 256;

    private static readonly ConcurrentDictionary<MethodIr, EquatableArray<DiagnosticInfo>> Recent = new();

    public static EquatableArray<DiagnosticInfo> Of(MethodIr method)
    {
        if (Recent.TryGetValue(method, out var known)) return known;
        var diagnostics = Run(method);
        if (Recent.Count >= Capacity) Recent.Clear();
        Recent[method] = diagnostics;
        return diagnostics;
    }

    /// <summary>Forgets every kept result, for timing the stages themselves.</summary>
    internal static void Forget() => Recent.Clear();

    /// <summary>The stages themselves, without the memory.</summary>
    internal static EquatableArray<DiagnosticInfo> Run(MethodIr method)
        => SourceEmitter.Emit(Planner.Run(ReverseSweep.Run(ShapeInference.Run(method)))).Diagnostics;
}
