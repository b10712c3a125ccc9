using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>Reorders the axes of a dense row-major tensor: the copy behind <c>Permute</c> and N-D <c>Transpose</c>.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class PermuteKernel
{
    /// <summary>
    /// <c>destination[i₀, …, iᵣ₋₁] = source[j]</c> where source axis <c>axes[d]</c> takes index <c>i_d</c>: the source has
    /// <paramref name="lengths"/>, the destination has <c>lengths[axes[0]], …, lengths[axes[r−1]]</c>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The dense source, at least the product of <paramref name="lengths"/> long.</param>
    /// <param name="destination">As long as the source; must not overlap it.</param>
    /// <param name="lengths">The source's lengths.</param>
    /// <param name="axes">A permutation of <c>0 .. rank</c>: destination axis <c>d</c> is source axis <c>axes[d]</c>.</param>
    /// <exception cref="ArgumentException">The axes are not a permutation, a span is too short, or the spans overlap.</exception>
    public static void Permute<T>(ReadOnlySpan<T> source, Span<T> destination, ReadOnlySpan<nint> lengths, ReadOnlySpan<int> axes)
    {
        using var profile = KernelProfiler.Measure("permute");
        int rank = lengths.Length;
        if (axes.Length != rank) throw new ArgumentException($"{axes.Length} axes for a tensor of rank {rank}.", nameof(axes));
        Span<bool> seen = stackalloc bool[rank];
        foreach (int axis in axes)
        {
            if (axis < 0 || axis >= rank || seen[axis]) throw new ArgumentException($"[{string.Join(", ", axes.ToArray())}] is not a permutation of the {rank} axes.", nameof(axes));
            seen[axis] = true;
        }
        long count = 1;
        foreach (nint length in lengths) count *= length;
        if (source.Length < count) throw new ArgumentException($"'source' has {source.Length} elements; {count} are needed.", nameof(source));
        if (destination.Length < count) throw new ArgumentException($"'destination' has {destination.Length} elements; {count} are needed.", nameof(destination));
        if (count == 0) return;
        if (destination[..(int)count].Overlaps(source[..(int)count])) throw new ArgumentException("'destination' must not overlap 'source'.", nameof(destination));

        // The source's strides, then the destination's axes with their lengths and source strides. Destination
        // axes of length 1 are dropped, and neighbours that stay neighbours in the source are merged, so that a
        // permutation that moves whole rows copies rows and one that swaps two axes becomes a (batched) transpose.
        Span<long> sourceStrides = stackalloc long[rank];
        for (int d = rank - 1, stride = 1; d >= 0; d--)
        {
            sourceStrides[d] = stride;
            stride = checked(stride * (int)lengths[d]);
        }
        Span<int> outLengths = stackalloc int[rank];
        Span<long> outStrides = stackalloc long[rank];
        int merged = 0;
        for (int d = 0; d < rank; d++)
        {
            int length = (int)lengths[axes[d]];
            long stride = sourceStrides[axes[d]];
            if (length == 1) continue;
            if (merged > 0 && outStrides[merged - 1] == stride * length)
            {
                outLengths[merged - 1] *= length;
                outStrides[merged - 1] = stride;
                continue;
            }
            outLengths[merged] = length;
            outStrides[merged] = stride;
            merged++;
        }

        ref T from = ref MemoryMarshal.GetReference(source);
        ref T to = ref MemoryMarshal.GetReference(destination);
        if (merged == 0 || (merged == 1 && outStrides[0] == 1))
        {
            source[..(int)count].CopyTo(destination);
            return;
        }

        // The last two merged axes are one 2-D transpose when the innermost is a source column walk and the one
        // before it is the source's rows; the axes before them are a batch of such transposes.
        int inner = outLengths[merged - 1];
        long innerStride = outStrides[merged - 1];
        if (innerStride == 1)
        {
            // Whole source rows move: copy them.
            ForEachOuter(outLengths[..(merged - 1)], outStrides[..(merged - 1)], (int)count / inner, ref from, ref to, inner, new RowCopy<T>());
            return;
        }
        if (merged >= 2 && outStrides[merged - 2] == 1 && innerStride == outLengths[merged - 2])
        {
            int rows = inner, columns = outLengths[merged - 2];
            // Source block [rows, columns] at stride 'columns'; destination block [columns, rows]... as a transpose of
            // the source's [inner, columns] block.
            ForEachOuter(outLengths[..(merged - 2)], outStrides[..(merged - 2)], (int)(count / ((long)rows * columns)), ref from, ref to, rows * columns,
                new BlockTranspose<T>(rows, columns));
            return;
        }

        // Anything else: element by element along the innermost axis.
        ForEachOuter(outLengths[..(merged - 1)], outStrides[..(merged - 1)], (int)count / inner, ref from, ref to, inner, new StridedGather<T>(innerStride));
    }

    /// <summary>What is done for each block of the outer axes; a struct, so the call is direct and nothing is allocated.</summary>
    private interface IBlock<T>
    {
        void Run(ref T source, ref T destination, int count);
    }

    private readonly struct RowCopy<T> : IBlock<T>
    {
        public void Run(ref T source, ref T destination, int count)
            => MemoryMarshal.CreateReadOnlySpan(ref source, count).CopyTo(MemoryMarshal.CreateSpan(ref destination, count));
    }

    private readonly struct BlockTranspose<T>(int rows, int columns) : IBlock<T>
    {
        public void Run(ref T source, ref T destination, int count)
            => TransposeKernel.Transpose(MemoryMarshal.CreateReadOnlySpan(ref source, count), MemoryMarshal.CreateSpan(ref destination, count), rows, columns);
    }

    private readonly struct StridedGather<T>(long stride) : IBlock<T>
    {
        public void Run(ref T source, ref T destination, int count)
        {
            for (int i = 0; i < count; i++) Unsafe.Add(ref destination, i) = Unsafe.Add(ref source, (nint)(i * stride));
        }
    }

    // Runs 'block' for each index of the outer axes, in destination order, with the source at that index's offset. The
    // blocks are independent copies, so a large permutation splits them between the threads with the same result.
    private static void ForEachOuter<T, TBlock>(ReadOnlySpan<int> lengths, ReadOnlySpan<long> strides, int blocks, ref T from, ref T to, int blockSize, TBlock block)
        where TBlock : struct, IBlock<T>
    {
        var runner = ParallelRunner.Shared;
        int parts = runner.Degree > 1 && blocks > 1 && (long)blocks * blockSize >= FusedLoop.ParallelThreshold ? Math.Min(blocks, 4 * runner.Degree) : 1;
        if (parts == 1)
        {
            Blocks(lengths, strides, 0, blocks, ref from, ref to, blockSize, block);
            return;
        }
        runner.Run(new OuterParts<T, TBlock>(lengths, strides, blocks, ref from, ref to, blockSize, block, parts), parts);
    }

    // Blocks [first, end): the outer index of 'first' decoded into the source offset, then stepped like an odometer.
    private static void Blocks<T, TBlock>(ReadOnlySpan<int> lengths, ReadOnlySpan<long> strides, int first, int end, ref T from, ref T to, int blockSize, TBlock block)
        where TBlock : struct, IBlock<T>
    {
        Span<int> index = stackalloc int[lengths.Length];
        long offset = 0;
        for (int d = lengths.Length - 1, rest = first; d >= 0; d--)
        {
            index[d] = rest % lengths[d];
            rest /= lengths[d];
            offset += index[d] * strides[d];
        }
        for (int b = first; b < end; b++)
        {
            block.Run(ref Unsafe.Add(ref from, (nint)offset), ref Unsafe.Add(ref to, (nint)((long)b * blockSize)), blockSize);
            for (int d = lengths.Length - 1; d >= 0; d--)
            {
                offset += strides[d];
                if (++index[d] < lengths[d]) break;
                offset -= strides[d] * lengths[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>The blocks cut into parts for the threads: part i of n takes blocks [i·blocks/n, (i+1)·blocks/n).</summary>
    private readonly ref struct OuterParts<T, TBlock>(ReadOnlySpan<int> lengths, ReadOnlySpan<long> strides, int blocks, ref T from, ref T to,
        int blockSize, TBlock block, int parts) : IParallelWork
        where TBlock : struct, IBlock<T>
    {
        private readonly ReadOnlySpan<int> _lengths = lengths;
        private readonly ReadOnlySpan<long> _strides = strides;
        private readonly ref T _from = ref from;
        private readonly ref T _to = ref to;

        public void Run(int part)
            => Blocks(_lengths, _strides, (int)((long)part * blocks / parts), (int)((long)(part + 1) * blocks / parts), ref _from, ref _to, blockSize, block);
    }
}
