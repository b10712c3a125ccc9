namespace AutoDiffGen.Benchmarks.Peers.Gpt;

/// <summary>One configuration of the GPT comparison: a whole model, from the tokens to the loss.</summary>
/// <param name="Name">tiny, small, medium or 124M.</param>
/// <param name="Layers">Blocks in the model (L).</param>
/// <param name="Heads">Attention heads per block.</param>
/// <param name="Width">Channels of the residual stream (C).</param>
/// <param name="Context">Positions per sequence (T).</param>
/// <param name="Batch">Sequences per step (B).</param>
/// <param name="Vocabulary">Tokens (V).</param>
public sealed record GptSize(string Name, int Layers, int Heads, int Width, int Context, int Batch, int Vocabulary)
{
    public static readonly GptSize Tiny = new("tiny", 2, 4, 64, 64, 4, 256);
    public static readonly GptSize Small = new("small", 4, 4, 128, 128, 4, 512);
    public static readonly GptSize Medium = new("medium", 6, 6, 384, 256, 4, 4096);
    public static readonly GptSize Gpt2 = new("124M", 12, 12, 768, 64, 4, 50257);

    public static IReadOnlyList<GptSize> All { get; } = [Tiny, Small, Medium, Gpt2];

    public override string ToString() => $"{Name} (L {Layers}, {Heads} heads, C {Width}, T {Context}, B {Batch}, V {Vocabulary})";
}
