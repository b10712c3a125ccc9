using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Shapes;

namespace AutoDiffGen.Generator.Differentiation;

/// <summary>Appends backward nodes to the SSA list, giving each its shape as it is made.</summary>
internal sealed class GraphBuilder
{
    private readonly List<IrNode> _nodes;
    private readonly ElementType _element;

    public GraphBuilder(IEnumerable<IrNode> forward, ElementType element)
    {
        _nodes = forward.ToList();
        _element = element;
    }

    public IReadOnlyList<IrNode> Nodes => _nodes;

    public IrNode this[int id] => _nodes[id];

    public Shape ShapeOf(int id) => _nodes[id].Shape;

    /// <summary>The name the value has in the source or from its op, empty when it has none.</summary>
    public string NameOf(int id) => _nodes[id].Name;

    public int Constant(double value)
        => Add(OpKind.Constant, false, Shape.Scalar, new OpAttributes { Value = value });

    public int OutputGradient(Shape shape) => Add(OpKind.OutputGradient, true, shape, OpAttributes.None, name: "outputGradient");

    public int Unary(OpKind kind, int x) => Add(kind, _nodes[x].IsTensor, ShapeOf(x), OpAttributes.None, x);

    /// <summary>An elementwise binary op; the result has the broadcast shape.</summary>
    public int Binary(OpKind kind, int a, int b)
    {
        var shape = Broadcasting.TryBroadcast(ShapeOf(a), ShapeOf(b), out _)
            ?? throw new InvalidOperationException($"backward {kind} of {ShapeOf(a)} and {ShapeOf(b)} does not broadcast");
        return Add(kind, _nodes[a].IsTensor || _nodes[b].IsTensor, shape, OpAttributes.None, a, b);
    }

    /// <summary><paramref name="whenTrue"/> where <paramref name="condition"/> is not 0, else <paramref name="whenFalse"/>, all three broadcast.</summary>
    public int Where(int condition, int whenTrue, int whenFalse)
    {
        var shape = Broadcasting.TryBroadcast(ShapeOf(condition), ShapeOf(whenTrue), out _) is { } pair
            ? Broadcasting.TryBroadcast(pair, ShapeOf(whenFalse), out _) : null;
        if (shape is null) throw new InvalidOperationException($"backward Where of {ShapeOf(condition)}, {ShapeOf(whenTrue)} and {ShapeOf(whenFalse)} does not broadcast");
        return Add(OpKind.Where, true, shape, OpAttributes.None, condition, whenTrue, whenFalse);
    }

    /// <summary>
    /// <paramref name="a"/> ⊙ <paramref name="b"/>; a factor of exactly one (a scalar loss's seed, or it broadcast) is
    /// dropped, since x · 1 = x bit for bit.
    /// </summary>
    public int Multiply(int a, int b)
    {
        if (IsOne(a)) return Stretched(b, a);
        if (IsOne(b)) return Stretched(a, b);
        return Binary(OpKind.Multiply, a, b);
    }

    private bool IsOne(int id) => _nodes[id] switch
    {
        { Kind: OpKind.Constant } node => node.Attributes.Value == 1,
        { Kind: OpKind.BroadcastTo } node => IsOne(node.Input(0)),
        _ => false,
    };

    /// <summary><paramref name="x"/> in the shape it would have had multiplied by <paramref name="one"/>.</summary>
    private int Stretched(int x, int one)
    {
        var shape = Broadcasting.TryBroadcast(ShapeOf(x), ShapeOf(one), out _)
            ?? throw new InvalidOperationException($"backward Multiply of {ShapeOf(x)} and {ShapeOf(one)} does not broadcast");
        return _nodes[x].IsTensor || _nodes[one].IsTensor ? BroadcastTo(x, shape) : x;
    }

    public int Scale(int a, double factor) => factor == 1 ? a : Multiply(a, Constant(factor));

    public int Negate(int a) => Unary(OpKind.Negate, a);

    /// <summary>The adjoint of a broadcast operand: <paramref name="g"/> summed over the broadcast axes back to <paramref name="target"/>.</summary>
    public int SumTo(int g, Shape target)
    {
        if (ShapeOf(g).Equals(target)) return g;
        if (target.Rank == 0) return Add(OpKind.Sum, false, Shape.Scalar, OpAttributes.None, g);
        return Add(OpKind.SumTo, true, target, new OpAttributes { Target = target }, g);
    }

    /// <summary><paramref name="g"/> stretched to <paramref name="target"/> (a view in fused loops; a copy only if stored).</summary>
    public int BroadcastTo(int g, Shape target)
        => ShapeOf(g).Equals(target) && _nodes[g].IsTensor ? g : Add(OpKind.BroadcastTo, true, target, new OpAttributes { Target = target }, g);

    public int Reshape(int x, Shape target)
        => ShapeOf(x).Equals(target) ? x : Add(OpKind.Reshape, true, target, new OpAttributes { Target = target }, x);

    /// <summary>A 2-D product op(a)·op(b).</summary>
    public int MatMul(int a, int b, bool transposeA, bool transposeB)
    {
        var left = ShapeOf(a);
        var right = ShapeOf(b);
        var m = transposeA ? left[1] : left[0];
        var n = transposeB ? right[0] : right[1];
        return Add(OpKind.MatMul, true, Shape.Of(new[] { m, n }), new OpAttributes { TransposeA = transposeA, TransposeB = transposeB }, a, b);
    }

    /// <summary>
    /// A batched product op(a)·op(b) into <paramref name="result"/>'s shape: with the batch axes, one result per
    /// matrix; without them, the sum of all (see <see cref="MatMulLayout"/>).
    /// </summary>
    public int BatchedMatMul(int a, int b, bool transposeA, bool transposeB, Shape result)
        => Add(OpKind.MatMul, true, result, new OpAttributes { TransposeA = transposeA, TransposeB = transposeB }, a, b);

    public int Transpose(int x) => Add(OpKind.Transpose, true, Shape.Of(new[] { ShapeOf(x)[1], ShapeOf(x)[0] }), OpAttributes.None, x);

    /// <summary><paramref name="x"/> with its axes in <paramref name="order"/> (result axis i is axis order[i]).</summary>
    public int Permute(int x, EquatableArray<int> order)
        => Add(OpKind.Permute, true, Shape.Of(order.Select(axis => ShapeOf(x)[axis])), new OpAttributes { Axes = order }, x);

    public int Convert(int x, ElementType element)
        => _nodes[x].Element == element ? x : Add(OpKind.Convert, _nodes[x].IsTensor, ShapeOf(x), OpAttributes.None, x, element: element);

    /// <summary>A sum along one axis of a tensor.</summary>
    public int SumAlong(int x, int axis, bool keepDims)
        => Add(OpKind.Sum, true, Shapes.AxisShapes.Reduce(ShapeOf(x), axis, keepDims), new OpAttributes { Axis = axis, KeepDims = keepDims }, x);

    /// <summary>A node computed by a runtime kernel; its extra results are <see cref="KernelOutput"/> nodes.</summary>
    public int Kernel(OpKind kind, Shape shape, OpAttributes attributes, params int[] inputs)
        => Add(kind, true, shape, attributes, inputs, null, null);

    /// <summary>Extra result <paramref name="slot"/> of <paramref name="kernel"/>, which the same kernel call writes.</summary>
    public int KernelOutput(int kernel, int slot, Shape shape, ElementType? element = null)
    {
        for (int id = kernel + 1; id < _nodes.Count; id++)
        {
            var node = _nodes[id];
            if (node.Kind == OpKind.KernelOutput && node.Input(0) == kernel && node.Attributes.Slot == slot) return id;
        }
        string name = (_nodes[kernel].Name.Length > 0 ? _nodes[kernel].Name : "kernel") + SlotName(_nodes[kernel].Kind, slot);
        return Add(OpKind.KernelOutput, true, shape, new OpAttributes { Slot = slot }, new[] { kernel }, element, name);
    }

    private static string SlotName(OpKind kind, int slot) => (kind, slot) switch
    {
        (OpKind.Max, 1) => "ArgMax",
        (OpKind.CrossEntropy, 1) => "LogSumExp",
        (OpKind.Attention, 1) => "LogSumExp",
        (OpKind.AttentionBackward, 1) => "Key",
        (OpKind.AttentionBackward, 2) => "Value",
        (OpKind.BatchNorm or OpKind.LayerNorm, 1) => "Normalized",
        (OpKind.BatchNorm or OpKind.LayerNorm, 2) => "InverseStd",
        (OpKind.BatchNormBackward or OpKind.LayerNormBackward, 1) => "Gain",
        (OpKind.BatchNormBackward or OpKind.LayerNormBackward, 2) => "Bias",
        _ => "Output" + slot,
    };

    public void Rename(int id, string name) => _nodes[id] = _nodes[id] with { Name = name };

    private int Add(OpKind kind, bool isTensor, Shape shape, OpAttributes attributes, params int[] inputs)
        => Add(kind, isTensor, shape, attributes, inputs, null, null);

    private int Add(OpKind kind, bool isTensor, Shape shape, OpAttributes attributes, int x, ElementType element)
        => Add(kind, isTensor, shape, attributes, new[] { x }, element, null);

    private int Add(OpKind kind, bool isTensor, Shape shape, OpAttributes attributes, string name)
        => Add(kind, isTensor, shape, attributes, Array.Empty<int>(), null, name);

    private int Add(OpKind kind, bool isTensor, Shape shape, OpAttributes attributes, int[] inputs, ElementType? element, string? name)
    {
        int id = _nodes.Count;
        name ??= kind == OpKind.Constant ? string.Empty : DefaultNames.For(kind, inputs.Select(i => _nodes[i].Name).ToList());
        _nodes.Add(new IrNode(id, kind, inputs.ToEquatableArray(), element ?? _element, isTensor, shape, attributes, -1,
            name, string.Empty, EquatableArray<string>.Empty));
        return id;
    }
}
