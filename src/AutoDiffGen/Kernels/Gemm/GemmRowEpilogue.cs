using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// Adds a row vector to every row of a finished C, for the products that do not go through the micro-kernel (a
/// single row or column, or k = 0); tiled products add it in the micro-kernel as each tile is stored.
/// <c>c[i, j] = product[i, j] + row[j]</c> rounds exactly as adding the bias afterwards does.
/// </summary>
internal static class GemmRowEpilogue
{
    /// <summary>
    /// <c>c[r·ldc + j] += row[j]</c> for <c>r &lt; rows</c>, <c>j &lt; cols</c>; <paramref name="row"/> starts at the
    /// region's first column. Nothing when <paramref name="row"/> is empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<T>(ref T c, nint ldc, int rows, int cols, ReadOnlySpan<T> row)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row.IsEmpty) return;
        var body = new Body<T>(ref c, ldc, in MemoryMarshal.GetReference(row));
        FusedLoop.Run<T, Body<T>>(ref body, rows, cols);
    }

    private ref struct Body<T> : IFusedLoopBody<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _c;
        private readonly nint _ldc;
        private readonly ref readonly T _row;
        private nint _offset;

        public Body(ref T c, nint ldc, ref readonly T row)
        {
            _c = ref c;
            _ldc = ldc;
            _row = ref row;
        }

        public void BeginRow(nint row) => _offset = row * _ldc;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Compute<TSimd>(nint column) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Load(in _c, _offset + column) + TSimd.Load(in _row, column), ref _c, _offset + column);

        public readonly void EndRow(nint row) { }
    }
}
