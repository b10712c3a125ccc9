using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// The body of a fused elementwise loop over a <c>[rows, columns]</c> iteration space: the generator emits one
/// per chain of elementwise ops, and the eager ops use small ones of their own. <see cref="FusedLoop"/> drives it.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Starts row <paramref name="row"/>: positions every operand at its first element of that row.</summary>
    void BeginRow(nint row);

    /// <summary>Computes columns <c>[column, column + TSimd.Count)</c> of the current row.</summary>
    void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>;

    /// <summary>Ends row <paramref name="row"/>: writes out any reduction accumulated along it.</summary>
    void EndRow(nint row);
}
