using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Tests.Infrastructure;

/// <summary>What every generator run must satisfy: a second run re-runs nothing, and no stage keeps compiler objects alive.</summary>
internal static class IncrementalChecks
{
    private static readonly Type[] Forbidden =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(SemanticModel), typeof(Location)];

    public static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string stage)
        => result.TrackedSteps.TryGetValue(stage, out var steps) ? steps.SelectMany(step => step.Outputs).Select(output => output.Reason) : [];

    /// <summary>Every output of <paramref name="stages"/> was Cached or Unchanged.</summary>
    public static void AssertNotRerun(GeneratorRunResult result, params string[] stages)
    {
        foreach (string stage in stages)
        {
            Assert.All(Reasons(result, stage), reason =>
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{stage} ran again: {reason}"));
        }
    }

    /// <summary>Runs the driver again on an identical compilation and checks both properties.</summary>
    public static void AssertIncremental(GeneratorDriver driver, Compilation compilation)
    {
        var first = driver.GetRunResult().Results.Single();
        foreach (var stage in AutoDiffGenerator.Stages.All)
        {
            foreach (var output in first.TrackedSteps.TryGetValue(stage, out var steps) ? steps.SelectMany(s => s.Outputs) : [])
                AssertPlainValues(output.Value, stage, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }

        var second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();
        AssertNotRerun(second, AutoDiffGenerator.Stages.All.ToArray());
    }

    private static void AssertPlainValues(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        var type = value.GetType();
        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.Name}");
        if (!type.IsValueType && !seen.Add(value)) return;

        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (var item in items) AssertPlainValues(item, $"{path}[{index++}]", seen);
            if (type.Namespace?.StartsWith("System") == true) return;
        }
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertPlainValues(field.GetValue(value), $"{path}.{field.Name}", seen);
    }
}
