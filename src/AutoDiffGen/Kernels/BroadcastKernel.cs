using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The elementwise driver for two operands under broadcasting:
/// <c>destination[i] = op(left[i broadcast into left], right[i broadcast into right])</c>.
/// </summary>
internal static class BroadcastKernel
{
    /// <summary>
    /// Runs <paramref name="loop"/> (see <see cref="Broadcasting.Plan"/>) over dense row-major operands.
    /// <paramref name="destination"/> may be the same memory as <paramref name="left"/>: each register is read from
    /// both operands before it is stored. It must not overlap <paramref name="right"/> otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than the plan needs.</exception>
    public static void Apply<T, TOperator>(ReadOnlySpan<T> left, ReadOnlySpan<T> right, Span<T> destination, in BroadcastLoop loop, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IBinaryOperator<T>
    {
        nint count = loop.Rows * loop.Columns;
        if (left.Length < loop.LeftLength) throw TooShort(nameof(left), left.Length, loop.LeftLength);
        if (right.Length < loop.RightLength) throw TooShort(nameof(right), right.Length, loop.RightLength);
        if (destination.Length < count) throw TooShort(nameof(destination), destination.Length, count);
        if (count == 0) return;

        var body = new Body<T, TOperator>(in loop, in MemoryMarshal.GetReference(left), in MemoryMarshal.GetReference(right),
            ref MemoryMarshal.GetReference(destination), op);
        FusedLoop.Run<T, Body<T, TOperator>>(ref body, loop.Rows, loop.Columns);
    }

    private static ArgumentException TooShort(string name, int length, nint needed)
        => new($"'{name}' has {length} elements; the broadcast needs {needed}.", name);

    private ref struct Body<T, TOperator> : IFusedLoopBody<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IBinaryOperator<T>
    {
        private readonly ref readonly BroadcastLoop _loop;
        private readonly ref readonly T _leftStart;
        private readonly ref readonly T _rightStart;
        private readonly ref T _destinationStart;
        private readonly TOperator _operator;

        // The current row of each operand and of the destination.
        private ref readonly T _left;
        private ref readonly T _right;
        private ref T _destination;

        public Body(ref readonly BroadcastLoop loop, ref readonly T left, ref readonly T right, ref T destination, TOperator op)
        {
            _loop = ref loop;
            _leftStart = ref left;
            _rightStart = ref right;
            _destinationStart = ref destination;
            _operator = op;
            _left = ref left;
            _right = ref right;
            _destination = ref destination;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void BeginRow(nint row)
        {
            _loop.RowOffsets(row, out nint leftOffset, out nint rightOffset);
            _left = ref Unsafe.Add(ref Unsafe.AsRef(in _leftStart), leftOffset);
            _right = ref Unsafe.Add(ref Unsafe.AsRef(in _rightStart), rightOffset);
            _destination = ref Unsafe.Add(ref _destinationStart, row * _loop.Columns);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            TSimd left = _loop.LeftIsSplat ? TSimd.Splat(_left) : TSimd.Load(in _left, column);
            TSimd right = _loop.RightIsSplat ? TSimd.Splat(_right) : TSimd.Load(in _right, column);
            TSimd.Store(_operator.Invoke(left, right), ref _destination, column);
        }

        public readonly void EndRow(nint row) { }
    }
}
