using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;

namespace AutoDiffGen.Generator.Emit;

/// <summary>The Emit stage's output for one method: the file to add (null when there are errors) and every diagnostic.</summary>
internal sealed record GeneratedSource(string MethodKey, string HintName, string? Text, EquatableArray<DiagnosticInfo> Diagnostics);
