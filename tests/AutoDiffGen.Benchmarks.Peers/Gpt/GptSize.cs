namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary>One configuration of the GPT comparison.</summary>
/// <param name="Name">tiny, small, medium or 124M.</param>
/// <param name="Layers">Blocks in the model (L).</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="Width">Channels of the residual stream (C).</param>
/// <param name="Context">Positions per sequence (T).</param>
/// <param name="Batch">Sequences per step (B).</param>
/// <param name="Vocabulary">Tokens (V).</param>
/// <param name="WholeModel">
/// True where the comparison runs the whole model (embeddings, every block, the tied output projection and the
/// loss); false where it runs one block as a vector-Jacobian product, because the generated model's blocks have four
/// heads and these shapes need more.
/// </param>
public sealed record GptSize(string Name, int Layers, int Heads, int Width, int Context, int Batch, int Vocabulary, bool WholeModel)
{
    public static readonly GptSize Tiny = new("tiny", 2, 4, 64, 64, 4, 256, WholeModel: true);
    public static readonly GptSize Small = new("small", 4, 4, 128, 128, 4, 512, WholeModel: true);
    public static readonly GptSize Medium = new("medium", 6, 6, 384, 256, 4, 65, WholeModel: false);
    public static readonly GptSize Gpt2 = new("124M", 12, 12, 768, 64, 4, 50257, WholeModel: false);

    public static IReadOnlyList<GptSize> All { get; } = [Tiny, Small, Medium, Gpt2];

    /// <summary>What one step computes: the model's loss, or one block's forward and backward.</summary>
    public string Scope => WholeModel ? $"model, {Layers} blocks" : "one block";

    public override string ToString()
        => WholeModel ? $"{Name} (L {Layers}, {Heads} heads, C {Width}, T {Context}, B {Batch}, V {Vocabulary})"
            : $"{Name} (one of {Layers} blocks, {Heads} heads, C {Width}, T {Context}, B {Batch})";
}
