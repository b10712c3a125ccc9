using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>
/// A loop's shapes: its trip count as a size, each body parameter's shape (a stacked value's without its first axis,
/// which must be the trip count), the body's own shapes, and the carried tensor coming back in the shape it went in.
/// </summary>
internal static class LoopShapes
{
    public static IrNode Resolve(IrNode node, IrNode[] nodes, List<DiagnosticInfo> diagnostics)
    {
        var loop = node.Attributes.Loop!;
        var report = new ShapeReporter(node, diagnostics);
        var carried = nodes[node.Input(0)];
        var failed = node with { Shape = carried.Shape };

        var bound = nodes[node.Input(node.Inputs.Count - 1)];
        if (ReshapeShapes.Size(bound, nodes) is not { } trips)
        {
            report.Report(DiagnosticDescriptors.UnsupportedLoop, "This loop",
                $"its count '{bound.Display}' is not a size the shapes know; count to a positive constant or a tensor's length, such as w.Lengths[0]");
            return failed;
        }

        var parameters = loop.Body.Parameters.ToArray();
        var bodyNodes = loop.Body.Nodes.ToArray();
        for (int i = 0; i < loop.Operands; i++)
        {
            var outer = nodes[node.Input(i)];
            var shape = outer.Shape;
            if (loop.KindOf(i) == LoopInputKind.Layer)
            {
                if (shape.Rank == 0 || !shape[0].Equals(trips))
                {
                    report.Report(DiagnosticDescriptors.LoopShapeMismatch, loop.Counter,
                        $"runs {trips} times, so '{outer.Display}'.Layer({loop.Counter}) needs a stack of {trips} layers along its first axis, but it is {shape}");
                    return failed;
                }
                shape = Shape.Of(shape.Dims.Skip(1));
            }
            parameters[i] = parameters[i] with { DeclaredShape = shape };
        }
        foreach (var parameter in bodyNodes.Where(n => n.Kind == OpKind.Parameter).ToList())
        {
            // A size read from before the loop (b = x.Lengths[0], an int [Shape("H")]) is still that size in the body.
            int index = parameter.Attributes.Index;
            var size = index < loop.Operands && !parameter.IsTensor ? ReshapeShapes.Size(nodes[node.Input(index)], nodes) : null;
            bodyNodes[parameter.Id] = parameter with { Shape = parameters[index].DeclaredShape, Attributes = parameter.Attributes with { Size = size } };
        }

        var body = ShapeInference.Body(loop.Body with { Parameters = parameters.ToEquatableArray(), Nodes = bodyNodes.ToEquatableArray() });
        diagnostics.AddRange(body.Diagnostics);
        if (body.HasErrors) return failed;

        var result = body.Nodes[body.ResultId];
        if (!result.IsTensor || !result.Shape.Equals(carried.Shape))
        {
            report.Report(DiagnosticDescriptors.LoopShapeMismatch, loop.Counter,
                $"must give '{parameters[0].Name}' back in the shape it comes in, {carried.Shape}, for the next iteration, but gives {(result.IsTensor ? result.Shape.ToString() : "a scalar")}");
            return failed;
        }
        return node with
        {
            Shape = carried.Shape,
            Attributes = node.Attributes with { Loop = loop with { Body = body with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty }, TripCount = trips } },
        };
    }
}
