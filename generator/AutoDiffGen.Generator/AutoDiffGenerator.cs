using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator;

/// <summary>Generates backward passes for methods marked <c>[Differentiable]</c>.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class AutoDiffGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
