using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// Scaled dot-product attention as one op: the generated backward pass recomputes the attention weights from each
// query row's saved log Σ exp instead of keeping the [..., T, S] weight matrix.
public static partial class TensorMath
{
    /// <summary>
    /// <c>softmax(scale · query·keyᵀ) · value</c> over the last two axes (PyTorch's
    /// <c>scaled_dot_product_attention</c>): query <c>[..., T, d]</c>, key <c>[..., S, d]</c> and value
    /// <c>[..., S, e]</c> give <c>[..., T, e]</c>, the leading axes the same for all three (batch, heads).
    /// </summary>
    /// <param name="query">Queries, <c>[..., T, d]</c>.</param>
    /// <param name="key">Keys, <c>[..., S, d]</c>.</param>
    /// <param name="value">Values, <c>[..., S, e]</c>.</param>
    /// <param name="causal">Query row i attends to keys 0 … i only, the lower triangle of a <c>[T, S]</c> mask.</param>
    /// <param name="scale">What the scores are multiplied by; 1/√d when not given.</param>
    /// <exception cref="ArgumentNullException">A tensor is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not fit together, or there are queries but no keys.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static Tensor<T> ScaledDotProductAttention<T>(Tensor<T> query, Tensor<T> key, Tensor<T> value, bool causal = false, double? scale = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ThrowIfUnsupported<T>();
        var layout = AttentionLayout.Of(query.Lengths.ToArray(), key.Lengths.ToArray(), value.Lengths.ToArray());
        T[]? queryCopy = null, keyCopy = null, valueCopy = null;
        var lengths = query.Lengths.ToArray();
        lengths[^1] = layout.ValueDepth;
        T[] data = new T[layout.Batch * layout.Queries * layout.ValueDepth];
        AttentionKernel.Forward(Read(query, ref queryCopy), Read(key, ref keyCopy), Read(value, ref valueCopy), data, default,
            layout.Batch, layout.Queries, layout.Keys, layout.Depth, layout.ValueDepth, T.CreateTruncating(scale ?? 1 / Math.Sqrt(layout.Depth)), causal);
        return TensorData.Wrap(data, lengths);
    }

    /// <summary>The sizes of an attention call, checked: the problems (the leading axes' product) and the four lengths.</summary>
    private readonly record struct AttentionLayout(int Batch, int Queries, int Keys, int Depth, int ValueDepth)
    {
        public static AttentionLayout Of(nint[] query, nint[] key, nint[] value)
        {
            string Shapes() => $"query is [{string.Join(", ", query)}], key [{string.Join(", ", key)}] and value [{string.Join(", ", value)}]";
            if (query.Length < 2 || key.Length != query.Length || value.Length != query.Length)
                throw new ArgumentException($"ScaledDotProductAttention needs query [..., T, d], key [..., S, d] and value [..., S, e] of one rank, at least 2, but {Shapes()}.");
            int rank = query.Length;
            if (!query.AsSpan(0, rank - 2).SequenceEqual(key.AsSpan(0, rank - 2)) || !query.AsSpan(0, rank - 2).SequenceEqual(value.AsSpan(0, rank - 2)))
                throw new ArgumentException($"ScaledDotProductAttention needs the same leading axes on query, key and value, but {Shapes()}.");
            if (key[rank - 1] != query[rank - 1])
                throw new ArgumentException($"ScaledDotProductAttention needs key rows as long as query rows (d), but {Shapes()}.");
            if (value[rank - 2] != key[rank - 2])
                throw new ArgumentException($"ScaledDotProductAttention needs a value row per key (S), but {Shapes()}.");
            long batch = 1;
            foreach (nint length in query.AsSpan(0, rank - 2)) batch *= length;
            if (query[rank - 2] > 0 && key[rank - 2] == 0 && batch > 0)
                throw new ArgumentException($"ScaledDotProductAttention needs at least one key, but {Shapes()}.");
            return new AttentionLayout(checked((int)batch), checked((int)query[rank - 2]), checked((int)key[rank - 2]),
                checked((int)query[rank - 1]), checked((int)value[rank - 1]));
        }
    }
}
