using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace AutoDiffGen.Generator.Tests.CodeFixes;

/// <summary>
/// Runs a code fix on source whose diagnostics are marked (<c>{|ADG0001:Loss|}</c>), offline, and compares the result;
/// the test framework also applies Fix All to every marked diagnostic at once and requires the same result.
/// </summary>
internal static class CodeFixVerifier<TFix> where TFix : CodeFixProvider, new()
{
    public const string Usings = "using System;\nusing System.Numerics.Tensors;\nusing AutoDiffGen;\n";

    /// <param name="equivalenceKey">Which of several actions to apply; null for the only one.</param>
    /// <param name="title">The action's title, when the test pins it.</param>
    public static Task VerifyAsync(string source, string fixedSource, string? equivalenceKey = null, string? title = null)
    {
        var test = OfflineTestState.Configure(new CSharpCodeFixTest<AutoDiffAnalyzer, TFix, DefaultVerifier>
        {
            TestCode = Usings + source,
            FixedCode = Usings + fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        });
        if (title is not null) test.CodeActionVerifier = (action, verifier) => verifier.Equal(title, action.Title);
        return test.RunAsync();
    }

    /// <summary>The fix offers nothing for the marked diagnostics.</summary>
    public static Task VerifyNoFixAsync(string source) => VerifyAsync(source, source);
}
