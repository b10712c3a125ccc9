using System.Collections.Generic;
using System.Globalization;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>Shapes of ops along one axis: reductions (Sum, Max, LogSumExp) and same-shape ops (Softmax, LogSoftmax).</summary>
internal static class AxisShapes
{
    /// <summary>The axis counted from the front, or null (reported) when it is out of range.</summary>
    public static int? Normalize(int requested, Shape input, string operand, ShapeReporter report)
    {
        int axis = requested < 0 ? requested + input.Rank : requested;
        if (axis >= 0 && axis < input.Rank) return axis;
        report.AxisOutOfRange(requested, operand, input);
        return null;
    }

    /// <summary>The input with the axis removed, or kept as 1. A 1-D input keeps its one axis: there are no rank-0 tensors.</summary>
    public static Shape Reduce(Shape input, int axis, bool keepDims)
    {
        var dims = new List<Dim>(input.Dims);
        if (keepDims || input.Rank == 1) dims[axis] = Dim.One;
        else dims.RemoveAt(axis);
        return Shape.Of(dims);
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
