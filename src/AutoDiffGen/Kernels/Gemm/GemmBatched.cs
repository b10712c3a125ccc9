using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// A batch of products of one size, <c>C_i (+)= op(A_i)·op(B_i)</c>, the operands a fixed stride apart: a stride of 0
/// repeats one operand for every product (a broadcast batch dimension), and a stride of 0 for C sums every product
/// into one C (the adjoint of that broadcast).
/// </summary>
/// <remarks>
/// Products that are each too small to split are spread over the threads by whole products, a contiguous run of the
/// batch per part; large ones run one after the other, each split over the threads as on its own. A summed batch runs
/// in batch order on one C, each element adding the products' contributions in increasing batch index and each
/// product in increasing k. Either way every element is computed by one thread in one fixed order, so the bits do not
/// depend on the number of threads.
/// </remarks>
internal readonly ref struct GemmBatched<T, TKernel, TSimd> : IParallelWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TKernel : struct, IGemmMicroKernel<T>
    where TSimd : struct, ISimd<TSimd, T>
{
    private readonly ReadOnlySpan<T> _a;
    private readonly ReadOnlySpan<T> _b;
    private readonly Span<T> _c;
    private readonly int _batch, _m, _n, _k, _parts;
    private readonly int _strideA, _strideB, _strideC;
    private readonly bool _transposeA, _transposeB, _accumulate;

    private GemmBatched(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int batch, int m, int n, int k,
        int strideA, int strideB, int strideC, bool transposeA, bool transposeB, bool accumulate, int parts)
    {
        _a = a;
        _b = b;
        _c = c;
        (_batch, _m, _n, _k, _parts) = (batch, m, n, k, parts);
        (_strideA, _strideB, _strideC) = (strideA, strideB, strideC);
        (_transposeA, _transposeB, _accumulate) = (transposeA, transposeB, accumulate);
    }

    /// <summary>Runs the validated, non-empty batch on <paramref name="runner"/> (none: this thread alone).</summary>
    public static void Run(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int batch, int m, int n, int k,
        int strideA, int strideB, int strideC, bool transposeA, bool transposeB, bool accumulate, ParallelRunner? runner)
    {
        // One C for the whole batch: a chain over the batch, each product free to use every thread.
        if (strideC == 0)
        {
            for (int i = 0; i < batch; i++)
                Gemm.Run<T, TKernel, TSimd>(a.Slice(i * strideA), b.Slice(i * strideB), c, m, n, k, transposeA, transposeB, accumulate || i > 0, runner);
            return;
        }

        // Products big enough to split on their own are split; a batch of small ones is split by products, as long as
        // the whole batch repays the threads (the same bounds on bytes × multiply-adds as one product).
        long each = (long)m * n * k * Unsafe.SizeOf<T>();
        bool splitEach = runner is { Degree: > 1 } && GemmParallel<T, TKernel>.ShouldSplit(m, n, k, runner);
        bool splitBatch = !splitEach && runner is { Degree: > 1 } && batch > 1
            && (each * batch >= GemmParallel<T, TKernel>.WakeWork || (each * batch >= GemmParallel<T, TKernel>.AwakeWork && runner.WorkersAwake));
        if (!splitBatch)
        {
            for (int i = 0; i < batch; i++)
                Gemm.Run<T, TKernel, TSimd>(a.Slice(i * strideA), b.Slice(i * strideB), c.Slice(i * strideC), m, n, k, transposeA, transposeB, accumulate, splitEach ? runner : null);
            return;
        }

        // A few parts per thread, so that a worker that joins late only takes fewer of them.
        int parts = Math.Min(batch, runner!.Degree * 4);
        runner.Run(new GemmBatched<T, TKernel, TSimd>(a, b, c, batch, m, n, k, strideA, strideB, strideC, transposeA, transposeB, accumulate, parts), parts);
    }

    /// <inheritdoc/>
    public void Run(int part)
    {
        int start = (int)((long)_batch * part / _parts), end = (int)((long)_batch * (part + 1) / _parts);
        for (int i = start; i < end; i++)
            Gemm.Run<T, TKernel, TSimd>(_a.Slice(i * _strideA), _b.Slice(i * _strideB), _c.Slice(i * _strideC), _m, _n, _k, _transposeA, _transposeB, _accumulate);
    }
}
