using System.Collections.Generic;
using System.Globalization;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>Reports shape errors on one node's expression.</summary>
internal sealed class ShapeReporter
{
    private readonly IrNode _node;
    private readonly List<DiagnosticInfo> _diagnostics;

    public ShapeReporter(IrNode node, List<DiagnosticInfo> diagnostics)
    {
        _node = node;
        _diagnostics = diagnostics;
    }

    public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params string[] arguments)
        => _diagnostics.Add(DiagnosticInfo.Create(descriptor.Id, _node.SpanId, arguments));

    /// <summary>Reports with the data its code fix needs.</summary>
    public void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, EquatableArray<DiagnosticProperty> properties, params string[] arguments)
        => _diagnostics.Add(DiagnosticInfo.Create(descriptor.Id, _node.SpanId, arguments) with { Properties = properties });

    public void AxisOutOfRange(int axis, string operand, Shape shape)
        => Report(DiagnosticDescriptors.AxisOutOfRange, axis.ToString(CultureInfo.InvariantCulture), operand, shape.ToString(),
            shape.Rank.ToString(CultureInfo.InvariantCulture));

    public void Rank(string op, string needs, string operand, Shape shape)
        => Report(DiagnosticDescriptors.UnsupportedRank, op, needs, operand, shape.ToString());

    public void Mismatch(string op, string operand, string expected, Shape actual)
        => Report(DiagnosticDescriptors.OperandShapeMismatch, op, operand, expected, actual.ToString());
}
