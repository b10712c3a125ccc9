namespace AutoDiffGen.Benchmarks.Makemore;

/// <summary>One benchmark size of the makemore network.</summary>
/// <param name="Name">small, medium or large.</param>
/// <param name="Batch">Examples per step (N).</param>
/// <param name="Context">Characters of context (K).</param>
/// <param name="Embedding">Embedding width (E).</param>
/// <param name="Hidden">Hidden units (H).</param>
/// <param name="Vocabulary">Classes (V).</param>
public sealed record MakemoreSize(string Name, int Batch, int Context, int Embedding, int Hidden, int Vocabulary)
{
    public static readonly MakemoreSize Small = new("small", 32, 3, 10, 64, 27);
    public static readonly MakemoreSize Medium = new("medium", 256, 8, 64, 512, 256);
    public static readonly MakemoreSize Large = new("large", 1024, 8, 128, 2048, 1024);

    public static IReadOnlyList<MakemoreSize> All { get; } = [Small, Medium, Large];

    public static MakemoreSize Named(string name) => All.Single(s => s.Name == name);

    public override string ToString() => $"{Name} (batch {Batch}, embedding {Embedding}×{Context}, hidden {Hidden}, vocab {Vocabulary})";
}
