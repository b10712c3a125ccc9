using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>The elementwise driver for one operand: <c>destination[i] = op(source[i])</c>.</summary>
internal static class UnaryKernel
{
    /// <summary><c>destination[i] = op(source[i])</c> for every <c>i</c>; the spans may be the same memory.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Apply<T, TOperator>(ReadOnlySpan<T> source, Span<T> destination, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IUnaryOperator<T>
    {
        if (source.Length != destination.Length)
            throw new ArgumentException($"'destination' has {destination.Length} elements but 'source' has {source.Length}.", nameof(destination));

        var body = new Body<T, TOperator>(ref MemoryMarshal.GetReference(source), ref MemoryMarshal.GetReference(destination), op);
        FusedLoop.Run<T, Body<T, TOperator>>(ref body, 1, source.Length);
    }

    private readonly ref struct Body<T, TOperator> : IFusedLoopBody<T>
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IUnaryOperator<T>
    {
        private readonly ref readonly T _source;
        private readonly ref T _destination;
        private readonly TOperator _operator;

        public Body(ref readonly T source, ref T destination, TOperator op)
        {
            _source = ref source;
            _destination = ref destination;
            _operator = op;
        }

        public void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(_operator.Invoke(TSimd.Load(in _source, column)), ref _destination, column);

        public void EndRow(nint row) { }
    }
}
