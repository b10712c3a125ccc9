using System;
using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>NumPy/PyTorch broadcasting on symbolic shapes: trailing dimensions align; each pair equal, or one of them 1, or absent.</summary>
internal static class Broadcasting
{
    /// <summary>The broadcast shape, or null with the first conflicting pair (<paramref name="left"/>'s dim, <paramref name="right"/>'s dim).</summary>
    public static Shape? TryBroadcast(Shape left, Shape right, out (Dim Left, Dim Right) conflict)
    {
        conflict = default;
        int rank = Math.Max(left.Rank, right.Rank);
        var dims = new Dim[rank];
        for (int i = 1; i <= rank; i++)
        {
            var a = i <= left.Rank ? left[left.Rank - i] : Dim.One;
            var b = i <= right.Rank ? right[right.Rank - i] : Dim.One;
            if (a.Equals(b) || b.IsOne) dims[rank - i] = a;
            else if (a.IsOne) dims[rank - i] = b;
            else
            {
                conflict = (a, b);
                return null;
            }
        }
        return Shape.Of(dims);
    }

    /// <summary>
    /// For an operand of <paramref name="operand"/> shape broadcast to <paramref name="result"/>: the result axes it is
    /// stretched along (missing leading axes and axes where it has 1 but the result does not).
    /// </summary>
    public static IReadOnlyList<int> BroadcastAxes(Shape operand, Shape result)
    {
        var axes = new List<int>();
        int offset = result.Rank - operand.Rank;
        for (int axis = 0; axis < result.Rank; axis++)
        {
            if (axis < offset || (operand[axis - offset].IsOne && !result[axis].IsOne)) axes.Add(axis);
        }
        return axes;
    }
}
