using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>How a node is computed in generated code.</summary>
internal enum NodeClass
{
    /// <summary>An argument or a literal: nothing to compute.</summary>
    Source,

    /// <summary>A C# scalar computed from scalars: one statement.</summary>
    Scalar,

    /// <summary>A tensor computed element by element: a member of a fused loop.</summary>
    Elementwise,

    /// <summary>A sum over some or all axes of a tensor (or a dot product): a fused loop's accumulating member.</summary>
    Reduction,

    /// <summary>A matrix product: a GEMM call.</summary>
    Gemm,

    /// <summary>A copy with the axes in another order: a 2-D transpose or a permutation of any rank.</summary>
    Transpose,

    /// <summary>A reshape: the same elements under another shape, no code.</summary>
    View,

    /// <summary>A runtime kernel call (softmax, gather, batch norm, …), possibly writing extra results.</summary>
    Kernel,

    /// <summary>An extra result of a kernel call: no code of its own.</summary>
    KernelOutput,
}

internal static class NodeClassifier
{
    public static NodeClass Classify(IrNode node, IReadOnlyList<IrNode> nodes) => node.Kind switch
    {
        OpKind.Parameter or OpKind.OutputGradient or OpKind.Constant => NodeClass.Source,
        OpKind.MatMul => NodeClass.Gemm,
        OpKind.Transpose or OpKind.Permute => NodeClass.Transpose,
        OpKind.Reshape => NodeClass.View,
        OpKind.KernelOutput => NodeClass.KernelOutput,
        OpKind.Max or OpKind.Softmax or OpKind.LogSoftmax or OpKind.LogSumExp or OpKind.Embedding or OpKind.Pick
            or OpKind.CrossEntropy or OpKind.BatchNorm or OpKind.LayerNorm or OpKind.MaxBackward or OpKind.EmbeddingBackward
            or OpKind.PickBackward or OpKind.CrossEntropyBackward or OpKind.BatchNormBackward or OpKind.LayerNormBackward
            or OpKind.Narrow or OpKind.Concat or OpKind.NarrowBackward or OpKind.Attention or OpKind.AttentionBackward
            or OpKind.Loop or OpKind.LoopBackward => NodeClass.Kernel,
        OpKind.Sum or OpKind.SumTo or OpKind.Dot when nodes[node.Input(0)].IsTensor => NodeClass.Reduction,
        _ when node.IsTensor => NodeClass.Elementwise,
        _ => NodeClass.Scalar,
    };

    /// <summary>The space a fusable node iterates over: its own shape, or its input's for a reduction.</summary>
    public static Shape IterationShape(IrNode node, IReadOnlyList<IrNode> nodes)
        => Classify(node, nodes) == NodeClass.Reduction ? nodes[node.Input(0)].Shape : node.Shape;
}
