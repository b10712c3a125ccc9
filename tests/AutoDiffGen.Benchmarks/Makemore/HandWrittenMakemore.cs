using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen.Benchmarks.Makemore;

/// <summary>
/// The makemore network's forward and backward pass written by hand, as a careful engineer would: the closed forms
/// (cross-entropy as (softmax − onehot)/n, batch norm's one-line backward), the same runtime kernels the generated
/// code calls, single-pass SIMD loops for the elementwise steps, and buffers allocated once. The generated step is
/// measured against this.
/// </summary>
public sealed class HandWrittenMakemore
{
    private readonly int _n, _k, _e, _h, _v;
    private readonly float[] _emb, _pre, _bn, _xhat, _invStd, _hidden, _logits, _lse;
    private readonly float[] _dLogits, _dHidden, _dBn, _dPre, _dEmb;

    public HandWrittenMakemore(MakemoreSize size)
    {
        (_n, _e, _h, _v) = (size.Batch, size.Embedding, size.Hidden, size.Vocabulary);
        _k = size.Context * size.Embedding;
        _emb = new float[_n * _k];
        _pre = new float[_n * _h];
        _bn = new float[_n * _h];
        _xhat = new float[_n * _h];
        _invStd = new float[_h];
        _hidden = new float[_n * _h];
        _logits = new float[_n * _v];
        _lse = new float[_n];
        _dLogits = new float[_n * _v];
        _dHidden = new float[_n * _h];
        _dBn = new float[_n * _h];
        _dPre = new float[_n * _h];
        _dEmb = new float[_n * _k];
        Gradients = [Zeros(size.Vocabulary, size.Embedding), Zeros(_k, _h), Zeros(_h), Zeros(_h, _v), Zeros(_v), Zeros(1, _h), Zeros(1, _h)];
    }

    /// <summary>dEmbedding, dW1, db1, dW2, db2, dGain, dBias.</summary>
    public Tensor<float>[] Gradients { get; }

    private static Tensor<float> Zeros(params int[] shape) => Tensor.Create(new float[shape.Aggregate(1, (a, b) => a * b)], shape.Select(d => (nint)d).ToArray());

    // The benchmark's tensors are dense, so their storage is read in place.
    private static ReadOnlySpan<T> Read<T>(Tensor<T> tensor) => TensorData.Write(tensor, "input");

    public float Step(MakemoreProblem p)
    {
        ReadOnlySpan<int> contexts = Read(p.Contexts), targets = Read(p.Targets);
        ReadOnlySpan<float> table = Read(p.Embedding), w1 = Read(p.W1), b1 = Read(p.B1), w2 = Read(p.W2), b2 = Read(p.B2), gain = Read(p.Gain), bias = Read(p.Bias);
        Span<float> dTable = TensorData.Write(Gradients[0], "dTable"), dW1 = TensorData.Write(Gradients[1], "dW1"), dB1 = TensorData.Write(Gradients[2], "dB1");
        Span<float> dW2 = TensorData.Write(Gradients[3], "dW2"), dB2 = TensorData.Write(Gradients[4], "dB2");
        Span<float> dGain = TensorData.Write(Gradients[5], "dGain"), dBias = TensorData.Write(Gradients[6], "dBias");

        IndexCheck.InRange(contexts, _v, "contexts");
        IndexCheck.InRange(targets, _v, "targets");

        // Forward: embedding rows, linear layer with its bias, batch norm (keeping x̂ and 1/σ), tanh, logits, loss.
        GatherKernel.Embedding<float>(table, contexts, _emb, _v, _e);
        Gemm.MultiplyAddRow<float>(_emb, w1, b1, _pre, _n, _h, _k);
        BatchNormKernel.Forward<float>(_pre, gain, bias, _bn, _xhat, _invStd, _n, _h, 1e-5f, correction: 1);
        TensorPrimitives.Tanh(_bn, _hidden);
        Gemm.MultiplyAddRow<float>(_hidden, w2, b2, _logits, _n, _v, _h);
        float loss = CrossEntropyKernel.Forward<float>(_logits, targets, _lse, _n, _v);

        // Backward: dLogits = (softmax − onehot)/n, the two matrix products of each linear layer, tanh' = 1 − h²,
        // batch norm's closed form, and the embedding's scatter-add.
        CrossEntropyKernel.Backward<float>(_logits, targets, _lse, 1f, _dLogits, _n, _v);
        SumRows(_dLogits, dB2, _v);
        Gemm.Multiply<float>(_dLogits, w2, _dHidden, _n, _h, _v, transposeB: true);
        Gemm.Multiply<float>(_hidden, _dLogits, dW2, _h, _v, _n, transposeA: true);
        TanhBackward(_dHidden, _hidden, _dBn);
        BatchNormKernel.Backward<float>(_dBn, _xhat, _invStd, gain, _dPre, dGain, dBias, _n, _h, correction: 1);
        SumRows(_dPre, dB1, _h);
        Gemm.Multiply<float>(_dPre, w1, _dEmb, _n, _k, _h, transposeB: true);
        Gemm.Multiply<float>(_emb, _dPre, dW1, _k, _h, _n, transposeA: true);
        GatherKernel.EmbeddingBackward<float>(_dEmb, contexts, dTable, _v, _e);
        return loss;
    }

    /// <summary>sums[c] = Σ_r matrix[r, c].</summary>
    private static void SumRows(ReadOnlySpan<float> matrix, Span<float> sums, int width)
    {
        sums.Clear();
        for (int start = 0; start < matrix.Length; start += width)
            TensorPrimitives.Add(sums, matrix.Slice(start, width), sums);
    }

    /// <summary>dPre = dHidden ⊙ (1 − hidden²), one pass.</summary>
    private static void TanhBackward(ReadOnlySpan<float> dHidden, ReadOnlySpan<float> hidden, Span<float> dPre)
    {
        ref float g = ref MemoryMarshal.GetReference(dHidden);
        ref float y = ref MemoryMarshal.GetReference(hidden);
        ref float d = ref MemoryMarshal.GetReference(dPre);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= dPre.Length - 16; i += 16)
            {
                var yv = Vector512.LoadUnsafe(ref y, (nuint)i);
                (Vector512.LoadUnsafe(ref g, (nuint)i) * (Vector512<float>.One - yv * yv)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i <= dPre.Length - 8; i += 8)
        {
            var yv = Vector256.LoadUnsafe(ref y, (nuint)i);
            (Vector256.LoadUnsafe(ref g, (nuint)i) * (Vector256<float>.One - yv * yv)).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i < dPre.Length; i++) dPre[i] = dHidden[i] * (1 - hidden[i] * hidden[i]);
    }
}
