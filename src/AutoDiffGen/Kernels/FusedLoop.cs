using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The loop driver of every fused elementwise kernel: for each row, the widest hardware vectors first, then
/// narrower ones, then single lanes, so a body written once runs at full width with an exact tail.
/// </summary>
public static class FusedLoop
{
    /// <summary>
    /// Runs <paramref name="body"/> over <c>[rows, columns]</c>: <c>body.Compute(column)</c> for every column of
    /// every row, between <c>BeginRow</c> and <c>EndRow</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TBody>(ref TBody body, nint rows, nint columns)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TBody : IFusedLoopBody<T>, allows ref struct
    {
        for (nint row = 0; row < rows; row++)
        {
            body.BeginRow(row);
            nint column = 0;
            if (Simd512<T>.IsHardwareAccelerated)
            {
                for (; column <= columns - Simd512<T>.Count; column += Simd512<T>.Count)
                    body.Compute<Simd512<T>>(column);
            }
            if (Simd256<T>.IsHardwareAccelerated)
            {
                for (; column <= columns - Simd256<T>.Count; column += Simd256<T>.Count)
                    body.Compute<Simd256<T>>(column);
            }
            if (Simd128<T>.IsHardwareAccelerated)
            {
                for (; column <= columns - Simd128<T>.Count; column += Simd128<T>.Count)
                    body.Compute<Simd128<T>>(column);
            }
            for (; column < columns; column++)
                body.Compute<SimdScalar<T>>(column);
            body.EndRow(row);
        }
    }
}
