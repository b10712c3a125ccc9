using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>The mean squared difference of two dense arrays of the same length.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class MseKernel
{
    /// <summary>
    /// Returns <c>Σᵢ (a[i] − b[i])² / a.Length</c>, summed in a fixed order; NaN when the spans are empty.
    /// </summary>
    /// <param name="a">The first operand.</param>
    /// <param name="b">The second operand, as long as <paramref name="a"/>.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static T Forward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        KernelArguments.ThrowIfUnsupported<T>();
        KernelArguments.Length(b, nameof(b), a.Length);
        var body = new Body<T>(in MemoryMarshal.GetReference(a), in MemoryMarshal.GetReference(b));
        FusedLoop.Run<T, Body<T>>(ref body, 1, a.Length);
        return body.Sum.Total() / T.CreateTruncating(a.Length);
    }

    private ref struct Body<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref readonly T _a;
        private readonly ref readonly T _b;
        public RowAccumulator<T> Sum;

        public Body(ref readonly T a, ref readonly T b)
        {
            _a = ref a;
            _b = ref b;
        }

        public readonly void BeginRow(nint row) { }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
        {
            var difference = TSimd.Load(in _a, column) - TSimd.Load(in _b, column);
            Sum.Add(difference * difference);
        }

        public readonly void EndRow(nint row) { }
    }
}
