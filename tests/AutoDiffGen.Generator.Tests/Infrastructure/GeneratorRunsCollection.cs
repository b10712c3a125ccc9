namespace AutoDiffGen.Generator.Tests.Infrastructure;

/// <summary>Tests that run the generator thousands of times; in one collection, so xunit runs them one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class GeneratorRunsCollection
{
    public const string Name = "Thousands of generator runs";
}
