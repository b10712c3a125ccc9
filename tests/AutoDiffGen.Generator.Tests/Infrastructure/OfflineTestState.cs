using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace AutoDiffGen.Generator.Tests.Infrastructure;

/// <summary>
/// Sets up an analyzer or code-fix test of Microsoft.CodeAnalysis.Testing without the network: its reference
/// assemblies would be downloaded as packages, so the test compiles against the running framework instead, as
/// <see cref="GeneratorHarness"/> does, with the same language version.
/// </summary>
internal static class OfflineTestState
{
    // A target framework and no packages: nothing to restore.
    private static readonly ReferenceAssemblies NoPackages = new("net10.0");

    public static TTest Configure<TTest>(TTest test) where TTest : AnalyzerTest<DefaultVerifier>
    {
        test.ReferenceAssemblies = NoPackages;
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectParseOptions(projectId, GeneratorHarness.ParseOptions));
        return test;
    }
}
