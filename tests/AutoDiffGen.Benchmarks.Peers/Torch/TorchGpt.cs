using AutoDiffGen.Benchmarks.Peers.Gpt;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Benchmarks.Peers.Torch;

/// <summary>
/// The GPT of a <see cref="GptProblem"/> in TorchSharp, from the tokens to the loss, its parameter values as leaf
/// tensors that require grad, one set per block as nanoGPT's modules hold them (a stacked leaf read by select would
/// make each block's backward write a whole [L, …] gradient, a cost a PyTorch model does not pay); the gradients
/// are stacked afterwards into the problem's layout to compare. It is written as nanoGPT writes it: layer_norm with
/// ε = 1e-5 and the biased variance, as AutoDiffGen's LayerNorm; scaled_dot_product_attention with the causal mask
/// (scale 1/√D, as the generated block); gelu with the tanh approximation; the output projection tied to the token
/// embedding; the mean cross-entropy. The token embedding is index_select of its rows (TorchSharp has no functional
/// embedding; both gather rows and scatter-add their gradients).
/// </summary>
public sealed class TorchGpt : IDisposable
{
    private const double Epsilon = 1e-5;

    private readonly GptSize _size;
    private readonly Tensor _tokens, _targets;
    private readonly Tensor[] _parameters;
    private readonly ScalarType _dtype;

    public TorchGpt(GptProblem problem, ScalarType dtype)
    {
        _size = problem.Size;
        _dtype = dtype;
        _tokens = Indices(problem.Tokens);
        _targets = Indices(problem.Targets);
        // The embeddings, each block's twelve (from the problem's stacks, layer by layer), the final LayerNorm.
        var leaves = new List<Tensor> { Leaf(problem.Parameters[0]), Leaf(problem.Parameters[1]) };
        for (int layer = 0; layer < _size.Layers; layer++)
            leaves.AddRange(problem.Parameters.Skip(2).Take(BlockParameters).Select(stack => Leaf(AutoDiffGen.TensorMath.Layer(stack, layer))));
        leaves.AddRange(problem.Parameters.Skip(2 + BlockParameters).Select(Leaf));
        _parameters = leaves.ToArray();

        Tensor Leaf(System.Numerics.Tensors.Tensor<float> values) => Values(values, dtype).requires_grad_(true);
    }

    private const int BlockParameters = 12;

    /// <summary>One forward and backward pass: zeroes the gradients, returns the loss.</summary>
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
        var loss = Loss();
        forwardBytes = StorageBytes(scope.DisposablesView.Skip(before).OfType<Tensor>());
        loss.backward();
        return loss.ToDouble();
    }

    /// <summary>The gradients of the last step in the problem's order and layout (each block parameter's stacked over the layers), widened to double.</summary>
    public double[][] Gradients()
    {
        using var scope = NewDisposeScope();
        double[] Of(Tensor leaf) => leaf.grad!.to_type(ScalarType.Float64).data<double>().ToArray();
        var gradients = new List<double[]> { Of(_parameters[0]), Of(_parameters[1]) };
        for (int kind = 0; kind < BlockParameters; kind++)
            gradients.Add(Enumerable.Range(0, _size.Layers).SelectMany(layer => Of(_parameters[2 + layer * BlockParameters + kind])).ToArray());
        gradients.Add(Of(_parameters[^2]));
        gradients.Add(Of(_parameters[^1]));
        return gradients.ToArray();
    }

    private Tensor Loss()
    {
        var (b, t, c) = (_size.Batch, _size.Context, _size.Width);
        var tokenEmbedding = _parameters[0];
        var x = tokenEmbedding.index_select(0, _tokens).view(b, t, c) + _parameters[1];
        for (int layer = 0; layer < _size.Layers; layer++) x = Block(x, layer);
        var logits = F.layer_norm(x, [c], _parameters[^2], _parameters[^1], Epsilon).matmul(tokenEmbedding.t());
        return F.cross_entropy(logits.view(b * t, -1), _targets);
    }

    /// <summary>Block <paramref name="layer"/>, with its own twelve parameters.</summary>
    private Tensor Block(Tensor x, int layer)
    {
        var p = _parameters.AsSpan(2 + layer * BlockParameters, BlockParameters);
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

    private static Tensor Indices(System.Numerics.Tensors.Tensor<int> indices)
        => tensor(Elements.Of(indices).Select(i => (long)i).ToArray(), [indices.FlattenedLength], ScalarType.Int64);

    private static Tensor Values(System.Numerics.Tensors.Tensor<float> values, ScalarType dtype)
    {
        using var single = tensor(Elements.Of(values), values.Lengths.ToArray().Select(d => (long)d).ToArray(), ScalarType.Float32);
        return single.to_type(dtype);
    }

    public void Dispose()
    {
        foreach (var t in _parameters) t.Dispose();
        _tokens.Dispose();
        _targets.Dispose();
    }
}
