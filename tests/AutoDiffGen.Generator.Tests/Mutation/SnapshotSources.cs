using System.Runtime.CompilerServices;
using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Tests.Mutation;

/// <summary>
/// The valid methods of <see cref="SnapshotTests"/>, read from its source file: each <c>VerifyGenerated(…)</c>
/// argument is a constant string, evaluated by the compiler, so these stay in step with the snapshot tests.
/// </summary>
internal static class SnapshotSources
{
    public static IReadOnlyList<(string Name, string Source)> All(
        [CallerFilePath] string here = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(here)!, "..", "SnapshotTests.cs");
        var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(path), GeneratorHarness.ParseOptions);
        var compilation = CSharpCompilation.Create("Snapshots", [tree],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);
        var model = compilation.GetSemanticModel(tree);
        var sources = new List<(string, string)>();
        foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var call = method.DescendantNodes().OfType<InvocationExpressionSyntax>()
                .FirstOrDefault(i => i.Expression is IdentifierNameSyntax { Identifier.Text: "VerifyGenerated" });
            if (call is null || call.ArgumentList.Arguments.Count == 0) continue;
            if (model.GetConstantValue(call.ArgumentList.Arguments[0].Expression) is { HasValue: true, Value: string source })
                sources.Add((method.Identifier.Text, source));
        }
        return sources;
    }
}
