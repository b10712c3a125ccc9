using AutoDiffGen.Benchmarks.Peers.Gpt;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Benchmarks.Peers.Torch;

/// <summary>
/// The GPT of a <see cref="GptProblem"/> in TorchSharp, its parameter values as leaf tensors that require grad: the
/// whole model with its loss, or one block whose backward starts from <c>(y ⊙ G).sum()</c>, the scalar whose
/// gradient is the block's vector-Jacobian product with G. It is written as nanoGPT writes it: layer_norm with
/// ε = 1e-5 and the biased variance, as AutoDiffGen's LayerNorm; scaled_dot_product_attention with the causal mask
/// (scale 1/√D, as the generated block); gelu with the tanh approximation; the output projection tied to the token
/// embedding; the mean cross-entropy. The token embedding is index_select of its rows (TorchSharp has no functional
/// embedding; both gather rows and scatter-add their gradients).
/// </summary>
public sealed class TorchGpt : IDisposable
{
    private const double Epsilon = 1e-5;

    private readonly GptSize _size;
    private readonly Tensor? _tokens, _targets, _outputGradient;
    private readonly Tensor[] _parameters;
    private readonly ScalarType _dtype;

    public TorchGpt(GptProblem problem, ScalarType dtype)
    {
        _size = problem.Size;
        _dtype = dtype;
        if (problem.Tokens is { } tokens) _tokens = tensor(Elements.Of(tokens).Select(i => (long)i).ToArray(), [tokens.FlattenedLength], ScalarType.Int64);
        if (problem.Targets is { } targets) _targets = tensor(Elements.Of(targets).Select(i => (long)i).ToArray(), [targets.FlattenedLength], ScalarType.Int64);
        if (problem.OutputGradient is { } outputGradient) _outputGradient = Values(outputGradient, dtype);
        _parameters = problem.Parameters.Select(p => Values(p, dtype).requires_grad_(true)).ToArray();
    }

    /// <summary>Every parameter, in the order of the problem's.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>One forward and backward pass: zeroes the gradients, returns the loss (or Σ y⊙G for a block).</summary>
    public double Step() => Step(out _);

    /// <summary>
    /// <see cref="Step()"/>, which also counts the bytes of the tensors the forward pass leaves alive until the
    /// backward pass: the distinct storages of every tensor it created (views share their base's). They are what
    /// autograd saves and more, since the dispose scope holds every intermediate until the step ends; libtorch's
    /// temporaries inside backward are not among them.
    /// </summary>
    public double Step(out long forwardBytes)
    {
        using var scope = NewDisposeScope();
        foreach (var parameter in _parameters) parameter.grad?.zero_();
        int before = scope.DisposablesCount;
        var output = _size.WholeModel ? Loss() : (Block(_parameters[0], 1) * _outputGradient!).sum();
        forwardBytes = StorageBytes(scope.DisposablesView.Skip(before).OfType<Tensor>());
        output.backward();
        return output.ToDouble();
    }

    /// <summary>The gradients of the last step, in the order of <see cref="Parameters"/>, widened to double.</summary>
    public double[][] Gradients()
    {
        using var scope = NewDisposeScope();
        return _parameters.Select(p => p.grad!.to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
    }

    private Tensor Loss()
    {
        var (b, t, c) = (_size.Batch, _size.Context, _size.Width);
        var tokenEmbedding = _parameters[0];
        var x = tokenEmbedding.index_select(0, _tokens!).view(b, t, c) + _parameters[1];
        for (int layer = 0; layer < _size.Layers; layer++) x = Block(x, 2 + 12 * layer);
        var logits = F.layer_norm(x, [c], _parameters[^2], _parameters[^1], Epsilon).matmul(tokenEmbedding.t());
        return F.cross_entropy(logits.view(b * t, -1), _targets!);
    }

    /// <summary>One pre-norm block, its twelve parameters from <paramref name="first"/> on.</summary>
    private Tensor Block(Tensor x, int first)
    {
        var p = _parameters.AsSpan(first, 12);
        var (b, t, c, heads) = (_size.Batch, _size.Context, _size.Width, _size.Heads);
        var qkv = F.layer_norm(x, [c], p[0], p[1], Epsilon).matmul(p[2]) + p[3];
        var parts = qkv.split(c, 2);
        var (q, k, v) = (Heads(parts[0]), Heads(parts[1]), Heads(parts[2]));
        var attended = F.scaled_dot_product_attention(q, k, v, is_casual: true).transpose(1, 2).reshape(b, t, c);
        var h = x + attended.matmul(p[4]) + p[5];
        var hidden = F.gelu(F.layer_norm(h, [c], p[6], p[7], Epsilon).matmul(p[8]) + p[9], TorchSharp.Modules.GELU.Approximate.tanh);
        return h + hidden.matmul(p[10]) + p[11];

        // [B, T, C] → [B, heads, T, D]
        Tensor Heads(Tensor part) => part.reshape(b, t, heads, c / heads).transpose(1, 2);
    }

    /// <summary>The bytes of the distinct storages behind these tensors, leaving out the parameters' own (the tied projection is a view of the token embedding).</summary>
    private long StorageBytes(IEnumerable<Tensor> tensors)
    {
        var storages = new Dictionary<IntPtr, long>();
        foreach (var tensor in tensors.Where(t => t.dtype == _dtype)) Count(tensor);
        foreach (var parameter in _parameters) storages[Count(parameter)] = 0;
        return storages.Values.Sum();

        IntPtr Count(Tensor tensor) => _dtype == ScalarType.Float64 ? Add(tensor.storage<double>()) : Add(tensor.storage<float>());

        IntPtr Add<T>(Storage<T> storage) where T : unmanaged
        {
            using (storage)
            {
                IntPtr start = storage.data_ptr();
                storages[start] = (long)storage.nbytes();
                return start;
            }
        }
    }

    private static Tensor Values(System.Numerics.Tensors.Tensor<float> values, ScalarType dtype)
    {
        using var single = tensor(Elements.Of(values), values.Lengths.ToArray().Select(d => (long)d).ToArray(), ScalarType.Float32);
        return single.to_type(dtype);
    }

    public void Dispose()
    {
        foreach (var t in _parameters) t.Dispose();
        _tokens?.Dispose();
        _targets?.Dispose();
        _outputGradient?.Dispose();
    }
}
