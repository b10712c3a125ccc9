using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Scaled dot-product attention, <c>softmax(scale · q·kᵀ [causal mask]) · v</c>, over a batch of independent
/// <c>[queries, depth]</c> · <c>[keys, depth]</c> · <c>[keys, valueDepth]</c> problems, by blocks of query rows so that
/// the score matrix is never kept: the forward pass saves only each row's log Σ exp, and the backward pass recomputes a
/// block's weights from it (as FlashAttention does). What it saves for the backward pass is O(batch · queries), not
/// O(batch · queries · keys).
/// </summary>
/// <remarks>
/// With <c>causal</c>, query row i sees keys 0 … i (PyTorch's <c>is_causal</c>: the mask is the lower triangle of a
/// <c>[queries, keys]</c> matrix of ones). A block of rows then needs only the keys up to its last row, so the causal
/// case does about half the work. The per-thread scratch blocks are reused, so steady-state calls do not allocate.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class AttentionKernel
{
    /// <summary>Query rows per block: the scores of one block, <c>[BlockRows, keys]</c>, stay in the cache for the softmax and the product with v.</summary>
    private const int BlockRows = 64;

    /// <summary>
    /// <c>output = softmax(scale · query·keyᵀ) · value</c> per problem, and <c>logSumExp[i]</c> = log Σⱼ exp(scale · q_i·k_j)
    /// over the keys row i sees.
    /// </summary>
    /// <param name="query">Row-major <c>[batch, queries, depth]</c>.</param>
    /// <param name="key">Row-major <c>[batch, keys, depth]</c>.</param>
    /// <param name="value">Row-major <c>[batch, keys, valueDepth]</c>.</param>
    /// <param name="output">Row-major <c>[batch, queries, valueDepth]</c>, overwritten.</param>
    /// <param name="logSumExp"><c>[batch, queries]</c>, overwritten; empty when the backward pass is not needed.</param>
    /// <param name="batch">Number of independent problems (batch times heads).</param>
    /// <param name="queries">Query rows per problem.</param>
    /// <param name="keys">Key and value rows per problem; at least 1 when there are queries.</param>
    /// <param name="depth">Length of each query and key row.</param>
    /// <param name="valueDepth">Length of each value row.</param>
    /// <param name="scale">What the scores are multiplied by, usually 1/√depth.</param>
    /// <param name="causal">Row i sees only keys 0 … i.</param>
    /// <exception cref="ArgumentException">A size is negative, there are queries but no keys, a span's length is not the one the sizes imply, or an output overlaps an input.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Forward<T>(ReadOnlySpan<T> query, ReadOnlySpan<T> key, ReadOnlySpan<T> value, Span<T> output, Span<T> logSumExp,
        int batch, int queries, int keys, int depth, int valueDepth, T scale, bool causal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("attention");
        Check(query, key, value, batch, queries, keys, depth, valueDepth);
        KernelArguments.Length<T>(output, nameof(output), batch, queries, valueDepth);
        KernelArguments.Disjoint<T>(output, nameof(output), query, nameof(query));
        KernelArguments.Disjoint<T>(output, nameof(output), key, nameof(key));
        KernelArguments.Disjoint<T>(output, nameof(output), value, nameof(value));
        KernelArguments.LengthOrEmpty<T>(logSumExp, nameof(logSumExp), batch, queries);
        KernelArguments.Disjoint<T>(logSumExp, nameof(logSumExp), output, nameof(output));

        var sizes = new Sizes(batch, queries, keys, depth, valueDepth, causal);
        var work = new ForwardParts<T>(query, key, value, output, logSumExp, sizes, scale);
        if (Parallel(sizes)) ParallelRunner.Shared.Run(work, batch);
        else for (int problem = 0; problem < batch; problem++) work.Run(problem);
    }

    /// <summary>One problem of <see cref="Forward{T}"/>, block by block of query rows.</summary>
    private static void ForwardProblem<T>(ReadOnlySpan<T> query, ReadOnlySpan<T> key, ReadOnlySpan<T> value, Span<T> output, Span<T> logSumExp,
        in Sizes sizes, T scale, int problem)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, queries, keys, depth, valueDepth, causal) = sizes;
        var scores = AttentionScratch<T>.Scores(Math.Min(BlockRows, queries) * keys);
        var scaledQueries = AttentionScratch<T>.Queries(Math.Min(BlockRows, queries) * depth);
        Span<T> rowScratch = stackalloc T[2 * BlockRows];
        var q = query.Slice(problem * queries * depth, queries * depth);
        var k = key.Slice(problem * keys * depth, keys * depth);
        var v = value.Slice(problem * keys * valueDepth, keys * valueDepth);
        var o = output.Slice(problem * queries * valueDepth, queries * valueDepth);
        for (int first = 0; first < queries; first += BlockRows)
        {
            int rows = Math.Min(BlockRows, queries - first);
            int columns = Columns(first, rows, keys, causal);
            var block = scores.AsSpan(0, rows * columns);
            // The scale goes on the block's queries, rows·depth multiplications instead of rows·keys.
            var qBlock = scaledQueries.AsSpan(0, rows * depth);
            AttentionRows.Scale<T>(q.Slice(first * depth, rows * depth), scale, qBlock);
            Gemm.Multiply<T>(qBlock, k.Slice(0, columns * depth), block, rows, columns, depth, transposeB: true);
            Mask(block, first, rows, columns, causal);
            AttentionRows.Softmax<T>(block, rows, columns, logSumExp.IsEmpty ? default : logSumExp.Slice(problem * queries + first, rows), rowScratch);
            Gemm.Multiply<T>(block, v.Slice(0, columns * valueDepth), o.Slice(first * valueDepth, rows * valueDepth), rows, valueDepth, columns);
        }
    }

    /// <summary>
    /// The adjoints of <see cref="Forward{T}"/>: with P the weights recomputed from <paramref name="logSumExp"/>, dP = dO·Vᵀ
    /// and Dᵢ = Σⱼ Pᵢⱼ·dPᵢⱼ, dV = Pᵀ·dO, dS = P ⊙ (dP − D), dQ = scale · dS·K and dK = scale · dSᵀ·Q. A block holds whole rows
    /// of P, so D comes from P and dP themselves rather than from the output: the forward output need not be kept.
    /// </summary>
    /// <param name="query">As given to the forward pass.</param>
    /// <param name="key">As given to the forward pass.</param>
    /// <param name="value">As given to the forward pass.</param>
    /// <param name="logSumExp">The forward pass's log Σ exp per query row.</param>
    /// <param name="outputGradient"><c>[batch, queries, valueDepth]</c>: the adjoint of the output.</param>
    /// <param name="queryGradient"><c>[batch, queries, depth]</c>, overwritten.</param>
    /// <param name="keyGradient"><c>[batch, keys, depth]</c>, overwritten; empty to skip it.</param>
    /// <param name="valueGradient"><c>[batch, keys, valueDepth]</c>, overwritten; empty to skip it.</param>
    /// <param name="batch">As given to the forward pass.</param>
    /// <param name="queries">As given to the forward pass.</param>
    /// <param name="keys">As given to the forward pass.</param>
    /// <param name="depth">As given to the forward pass.</param>
    /// <param name="valueDepth">As given to the forward pass.</param>
    /// <param name="scale">As given to the forward pass.</param>
    /// <param name="causal">As given to the forward pass.</param>
    /// <exception cref="ArgumentException">A size is negative, a span's length is not the one the sizes imply, or an output overlaps an input or another output.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Backward<T>(ReadOnlySpan<T> query, ReadOnlySpan<T> key, ReadOnlySpan<T> value, ReadOnlySpan<T> logSumExp, ReadOnlySpan<T> outputGradient, Span<T> queryGradient, Span<T> keyGradient, Span<T> valueGradient,
        int batch, int queries, int keys, int depth, int valueDepth, T scale, bool causal)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var profile = KernelProfiler.Measure("attention backward");
        Check(query, key, value, batch, queries, keys, depth, valueDepth);
        KernelArguments.Length(logSumExp, nameof(logSumExp), batch, queries);
        KernelArguments.Length(outputGradient, nameof(outputGradient), batch, queries, valueDepth);
        KernelArguments.Length<T>(queryGradient, nameof(queryGradient), batch, queries, depth);
        KernelArguments.LengthOrEmpty<T>(keyGradient, nameof(keyGradient), batch, keys, depth);
        KernelArguments.LengthOrEmpty<T>(valueGradient, nameof(valueGradient), batch, keys, valueDepth);
        DisjointFromInputs<T>(queryGradient, nameof(queryGradient), query, key, value, outputGradient);
        DisjointFromInputs<T>(keyGradient, nameof(keyGradient), query, key, value, outputGradient);
        DisjointFromInputs<T>(valueGradient, nameof(valueGradient), query, key, value, outputGradient);
        KernelArguments.Disjoint<T>(queryGradient, nameof(queryGradient), keyGradient, nameof(keyGradient));
        KernelArguments.Disjoint<T>(queryGradient, nameof(queryGradient), valueGradient, nameof(valueGradient));
        KernelArguments.Disjoint<T>(keyGradient, nameof(keyGradient), valueGradient, nameof(valueGradient));

        var sizes = new Sizes(batch, queries, keys, depth, valueDepth, causal);
        var work = new BackwardParts<T>(query, key, value, logSumExp, outputGradient, queryGradient, keyGradient, valueGradient, sizes, scale);
        if (Parallel(sizes)) ParallelRunner.Shared.Run(work, batch);
        else for (int problem = 0; problem < batch; problem++) work.Run(problem);
    }

    /// <summary>One problem of <see cref="Backward{T}"/>, block by block of query rows; dk and dv accumulate over the blocks.</summary>
    private static void BackwardProblem<T>(ReadOnlySpan<T> query, ReadOnlySpan<T> key, ReadOnlySpan<T> value, ReadOnlySpan<T> logSumExp,
        ReadOnlySpan<T> outputGradient, Span<T> queryGradient, Span<T> keyGradient, Span<T> valueGradient, in Sizes sizes, T scale, int problem)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (_, queries, keys, depth, valueDepth, causal) = sizes;
        int blockRows = Math.Min(BlockRows, queries);
        var weights = AttentionScratch<T>.Scores(blockRows * keys);
        var weightGradients = AttentionScratch<T>.Gradients(blockRows * keys);
        var scaledQueries = AttentionScratch<T>.Queries(blockRows * depth);
        Span<T> rowScratch = stackalloc T[2 * BlockRows];
        var q = query.Slice(problem * queries * depth, queries * depth);
        var k = key.Slice(problem * keys * depth, keys * depth);
        var v = value.Slice(problem * keys * valueDepth, keys * valueDepth);
        var dO = outputGradient.Slice(problem * queries * valueDepth, queries * valueDepth);
        var dQ = queryGradient.Slice(problem * queries * depth, queries * depth);
        var dK = keyGradient.IsEmpty ? default : keyGradient.Slice(problem * keys * depth, keys * depth);
        var dV = valueGradient.IsEmpty ? default : valueGradient.Slice(problem * keys * valueDepth, keys * valueDepth);
        dK.Clear();
        dV.Clear();
        for (int first = 0; first < queries; first += BlockRows)
        {
            int rows = Math.Min(BlockRows, queries - first);
            int columns = Columns(first, rows, keys, causal);
            var p = weights.AsSpan(0, rows * columns);
            var dS = weightGradients.AsSpan(0, rows * columns);
            var qBlock = scaledQueries.AsSpan(0, rows * depth);
            AttentionRows.Scale<T>(q.Slice(first * depth, rows * depth), scale, qBlock);
            var dOBlock = dO.Slice(first * valueDepth, rows * valueDepth);

            // P from the saved log Σ exp: exp(scale · s − lse) where the row sees the key, 0 elsewhere.
            Gemm.Multiply<T>(qBlock, k.Slice(0, columns * depth), p, rows, columns, depth, transposeB: true);
            Mask(p, first, rows, columns, causal);
            AttentionRows.WeightsFromLogSumExp<T>(p, rows, columns, logSumExp.Slice(problem * queries + first, rows));
            if (!dV.IsEmpty)
                Gemm.Multiply<T>(p, dOBlock, dV.Slice(0, columns * valueDepth), columns, valueDepth, rows, transposeA: true, accumulate: true);

            // dS = P ⊙ (dP − D), D the row's Σ P ⊙ dP: the softmax's adjoint. The score scale goes on the products:
            // dQ = scale · dS·K, and dK = dSᵀ·(scale · Q) from the scaled queries.
            Gemm.Multiply<T>(dOBlock, v.Slice(0, columns * valueDepth), dS, rows, columns, valueDepth, transposeB: true);
            AttentionRows.SoftmaxGradient<T>(dS, p, rows, columns, rowScratch);
            var dQBlock = dQ.Slice(first * depth, rows * depth);
            Gemm.Multiply<T>(dS, k.Slice(0, columns * depth), dQBlock, rows, depth, columns);
            AttentionRows.Scale<T>(dQBlock, scale, dQBlock);
            if (!dK.IsEmpty)
                Gemm.Multiply<T>(dS, qBlock, dK.Slice(0, columns * depth), columns, depth, rows, transposeA: true, accumulate: true);
        }
    }

    /// <summary>The problems are independent, each computed by one thread whatever the thread count, so the bits do not depend on it.</summary>
    private static bool Parallel(in Sizes sizes)
        => sizes.Batch > 1 && ParallelRunner.Shared.Degree > 1
            && (long)sizes.Batch * sizes.Queries * sizes.Keys * (sizes.Depth + sizes.ValueDepth) >= FusedLoop.ParallelThreshold;

    private readonly record struct Sizes(int Batch, int Queries, int Keys, int Depth, int ValueDepth, bool Causal);

    private readonly ref struct ForwardParts<T>(ReadOnlySpan<T> query, ReadOnlySpan<T> key, ReadOnlySpan<T> value, Span<T> output,
        Span<T> logSumExp, Sizes sizes, T scale) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _query = query, _key = key, _value = value;
        private readonly Span<T> _output = output, _logSumExp = logSumExp;

        public void Run(int part) => ForwardProblem(_query, _key, _value, _output, _logSumExp, sizes, scale, part);
    }

    private readonly ref struct BackwardParts<T>(ReadOnlySpan<T> query, ReadOnlySpan<T> key, ReadOnlySpan<T> value, ReadOnlySpan<T> logSumExp,
        ReadOnlySpan<T> outputGradient, Span<T> queryGradient, Span<T> keyGradient, Span<T> valueGradient, Sizes sizes, T scale) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _query = query, _key = key, _value = value, _logSumExp = logSumExp, _outputGradient = outputGradient;
        private readonly Span<T> _queryGradient = queryGradient, _keyGradient = keyGradient, _valueGradient = valueGradient;

        public void Run(int part)
            => BackwardProblem(_query, _key, _value, _logSumExp, _outputGradient, _queryGradient, _keyGradient, _valueGradient, sizes, scale, part);
    }

    /// <summary>The keys a block of rows needs: all of them, or with the causal mask those up to its last row.</summary>
    private static int Columns(int first, int rows, int keys, bool causal) => causal ? Math.Min(keys, first + rows) : keys;

    /// <summary>
    /// −∞ in the scores of the keys a row does not see (causal: the keys after it), so their weights come out exactly 0.
    /// Within a block of rows starting at <paramref name="first"/>, row i sees keys 0 … first + i.
    /// </summary>
    private static void Mask<T>(Span<T> block, int first, int rows, int columns, bool causal) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!causal) return;
        for (int i = 0; i < rows; i++)
        {
            int seen = Math.Min(first + i + 1, columns);
            block.Slice(i * columns + seen, columns - seen).Fill(T.NegativeInfinity);
        }
    }

    private static void DisjointFromInputs<T>(ReadOnlySpan<T> gradient, string name, ReadOnlySpan<T> query, ReadOnlySpan<T> key,
        ReadOnlySpan<T> value, ReadOnlySpan<T> outputGradient)
    {
        KernelArguments.Disjoint(gradient, name, query, nameof(query));
        KernelArguments.Disjoint(gradient, name, key, nameof(key));
        KernelArguments.Disjoint(gradient, name, value, nameof(value));
        KernelArguments.Disjoint(gradient, name, outputGradient, nameof(outputGradient));
    }

    private static void Check<T>(ReadOnlySpan<T> query, ReadOnlySpan<T> key, ReadOnlySpan<T> value, int batch, int queries, int keys, int depth, int valueDepth)
    {
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.NotNegative(batch, queries, keys, depth, valueDepth);
        if (keys == 0 && queries > 0 && batch > 0)
            throw new ArgumentException($"Attention needs at least one key for its {queries} queries: softmax over no keys is undefined.", nameof(keys));
        KernelArguments.Length(query, nameof(query), batch, queries, depth);
        KernelArguments.Length(key, nameof(key), batch, keys, depth);
        KernelArguments.Length(value, nameof(value), batch, keys, valueDepth);
    }
}

/// <summary>Per-thread blocks of scores and their adjoints, grown as needed and reused.</summary>
internal static class AttentionScratch<T>
{
    [ThreadStatic] private static T[]? t_scores;
    [ThreadStatic] private static T[]? t_gradients;
    [ThreadStatic] private static T[]? t_queries;

    public static T[] Scores(int length) => Ensure(ref t_scores, length);

    public static T[] Gradients(int length) => Ensure(ref t_gradients, length);

    public static T[] Queries(int length) => Ensure(ref t_queries, length);

    private static T[] Ensure(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new T[Math.Max(length, 1)];
        return buffer;
    }
}
