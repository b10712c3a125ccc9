using AutoDiffGen.Benchmarks.Makemore;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace AutoDiffGen.Benchmarks.Peers.Torch;

/// <summary>
/// The makemore network in TorchSharp, with a problem's parameter values as leaf tensors that require grad. The
/// embedding is an <c>nn.Embedding</c> over the problem's table (TorchSharp has no functional form; the module runs
/// the same aten::embedding). Batch norm is written out with training-mode statistics and Bessel's correction, as
/// the generated network computes it.
/// </summary>
public sealed class TorchMakemore : IDisposable
{
    private const double Epsilon = 1e-5;

    private readonly Tensor _contexts, _targets;
    private readonly TorchSharp.Modules.Embedding _embedding;
    private readonly Tensor _table, _w1, _b1, _w2, _b2, _gain, _bias;
    private readonly int _batch;

    public TorchMakemore(MakemoreProblem problem, ScalarType dtype)
    {
        _batch = problem.Size.Batch;
        _contexts = Indices(problem.Contexts);
        _targets = Indices(problem.Targets);
        var p = problem.Parameters;
        _embedding = nn.Embedding_from_pretrained(Values(p[0], dtype), freeze: false);
        _table = _embedding.weight!;
        (_w1, _b1, _w2, _b2, _gain, _bias) = (Leaf(p[1], dtype), Leaf(p[2], dtype), Leaf(p[3], dtype), Leaf(p[4], dtype), Leaf(p[5], dtype), Leaf(p[6], dtype));
    }

    /// <summary>Every parameter, in the order of the network's signature.</summary>
    public IReadOnlyList<Tensor> Parameters => [_table, _w1, _b1, _w2, _b2, _gain, _bias];

    /// <summary>One training step's forward and backward pass: zeroes the gradients, returns the loss.</summary>
    public double Step()
    {
        using var scope = NewDisposeScope();
        foreach (var parameter in Parameters) parameter.grad?.zero_();

        var emb = _embedding.call(_contexts).view(_batch, -1);
        var pre = emb.matmul(_w1) + _b1;
        var mean = pre.mean([0], keepdim: true);
        var variance = pre.var(0, unbiased: true, keepdim: true);
        var hidden = ((pre - mean) / (variance + Epsilon).sqrt() * _gain + _bias).tanh();
        var logits = hidden.matmul(_w2) + _b2;
        var loss = F.cross_entropy(logits, _targets);
        loss.backward();
        return loss.ToDouble();
    }

    /// <summary>The gradients of the last <see cref="Step"/>, in the order of <see cref="Parameters"/>, widened to double.</summary>
    public double[][] Gradients()
    {
        using var scope = NewDisposeScope();
        return Parameters.Select(p => p.grad!.to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
    }

    private static Tensor Indices(System.Numerics.Tensors.Tensor<int> indices)
        => tensor(Elements.Of(indices).Select(i => (long)i).ToArray(), Dimensions(indices), ScalarType.Int64);

    private static Tensor Values(System.Numerics.Tensors.Tensor<float> values, ScalarType dtype)
    {
        using var single = tensor(Elements.Of(values), Dimensions(values), ScalarType.Float32);
        return single.to_type(dtype);
    }

    private static Tensor Leaf(System.Numerics.Tensors.Tensor<float> values, ScalarType dtype) => Values(values, dtype).requires_grad_(true);

    private static long[] Dimensions<T>(System.Numerics.Tensors.Tensor<T> tensor) => tensor.Lengths.ToArray().Select(d => (long)d).ToArray();

    public void Dispose()
    {
        foreach (var t in (Tensor[])[_contexts, _targets, _w1, _b1, _w2, _b2, _gain, _bias]) t.Dispose();
        _embedding.Dispose();
    }
}
