using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Ops;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>How a supported call's operands become an op's inputs.</summary>
internal enum CallForm
{
    /// <summary><c>x.F()</c>: one tensor in, same shape out.</summary>
    Unary,

    /// <summary><c>F(a, b)</c>: two operands, broadcasting.</summary>
    Binary,

    /// <summary><c>x.Pow(p)</c> / <c>Math.Pow(x, p)</c>: a value and a scalar exponent.</summary>
    Power,

    /// <summary><c>x.Sum()</c>, or <c>x.Sum(axis, keepDims)</c> when an axis is given.</summary>
    Reduction,

    /// <summary><c>x.Mean()</c> or <c>x.Mean(axis, keepDims)</c>: a sum divided by the number of elements summed.</summary>
    Average,

    /// <summary><c>a.MatMul(b)</c>, <c>a.Dot(b)</c>, <c>table.Embedding(indices)</c>: two operands, no broadcasting.</summary>
    Linear,

    /// <summary><c>x.Var(axis, keepDims, correction)</c>: parsed as Σ(x − mean)² / (n − correction).</summary>
    Variance,

    /// <summary><c>x.Softmax(axis)</c>: a tensor and a constant axis, same shape out.</summary>
    AlongAxis,

    /// <summary><c>a.Mse(b)</c>: parsed as the mean of (a − b)².</summary>
    MeanSquaredError,

    /// <summary><c>x.Flatten(startAxis)</c>: a view merging the axes from <c>startAxis</c> on.</summary>
    Flatten,

    /// <summary><c>x.Narrow(axis, start, length)</c>: a constant axis, and a start and length given as sizes.</summary>
    Narrow,

    /// <summary><c>TensorMath.Concat(axis, a, b, …)</c>: a constant axis and the tensors joined.</summary>
    Concat,

    /// <summary><c>x.Unsqueeze(axis)</c> (in-box), <c>x.Squeeze(axis)</c>: a view adding or removing one axis of length 1.</summary>
    AxisView,

    /// <summary><c>x.Permute(axes…)</c> or <c>x.Transpose(axis0, axis1)</c>: a new axis order given by constants.</summary>
    AxisOrder,

    /// <summary><c>x.Reshape(lengths…)</c>: a view with lengths given as constants and other tensors' lengths.</summary>
    Reshape,

    /// <summary><c>x.Clamp(min, max)</c>, <c>TensorMath.Where(condition, a, b)</c>: three operands in parameter order, broadcasting.</summary>
    Ternary,

    /// <summary><c>x.MaskedFill(mask, value)</c>: parsed as <c>Where(mask, value, x)</c>, the mask broadcast to x's shape.</summary>
    MaskedFill,

    /// <summary><c>x.BatchNorm(gain, bias, epsilon, correction)</c> and <c>x.LayerNorm(gain, bias, epsilon)</c>.</summary>
    Normalization,

    /// <summary><c>TensorMath.ScaledDotProductAttention(query, key, value, causal, scale)</c>: three tensors, a constant flag and an optional constant scale.</summary>
    Attention,
}

/// <summary>The calls a differentiable method may make, by container and name, and the op each becomes.</summary>
internal static class CallTable
{
    public static readonly IReadOnlyDictionary<string, (OpKind Kind, CallForm Form)> TensorMath = WithBinary(BinaryBinding.TensorMath, WithUnary(UnaryBinding.TensorMath, new Dictionary<string, (OpKind, CallForm)>
    {
        ["Pow"] = (OpKind.Pow, CallForm.Power),
        ["Sum"] = (OpKind.Sum, CallForm.Reduction),
        ["Mean"] = (OpKind.Sum, CallForm.Average),
        ["MatMul"] = (OpKind.MatMul, CallForm.Linear),
        ["Dot"] = (OpKind.Dot, CallForm.Linear),
        ["Transpose"] = (OpKind.Transpose, CallForm.Unary),
        ["Max"] = (OpKind.Max, CallForm.Reduction),
        ["LogSumExp"] = (OpKind.LogSumExp, CallForm.Reduction),
        ["Var"] = (OpKind.Sum, CallForm.Variance),
        ["Softmax"] = (OpKind.Softmax, CallForm.AlongAxis),
        ["LogSoftmax"] = (OpKind.LogSoftmax, CallForm.AlongAxis),
        ["Embedding"] = (OpKind.Embedding, CallForm.Linear),
        ["Pick"] = (OpKind.Pick, CallForm.Linear),
        ["CrossEntropy"] = (OpKind.CrossEntropy, CallForm.Linear),
        ["Mse"] = (OpKind.Sum, CallForm.MeanSquaredError),
        ["Flatten"] = (OpKind.Reshape, CallForm.Flatten),
        ["Reshape"] = (OpKind.Reshape, CallForm.Reshape),
        ["Squeeze"] = (OpKind.Reshape, CallForm.AxisView),
        ["Narrow"] = (OpKind.Narrow, CallForm.Narrow),
        ["Concat"] = (OpKind.Concat, CallForm.Concat),
        ["Permute"] = (OpKind.Permute, CallForm.AxisOrder),
        ["Clamp"] = (OpKind.Clamp, CallForm.Ternary),
        ["Where"] = (OpKind.Where, CallForm.Ternary),
        ["MaskedFill"] = (OpKind.Where, CallForm.MaskedFill),
        ["BatchNorm"] = (OpKind.BatchNorm, CallForm.Normalization),
        ["LayerNorm"] = (OpKind.LayerNorm, CallForm.Normalization),
        ["ScaledDotProductAttention"] = (OpKind.Attention, CallForm.Attention),
    }));

    /// <summary>System.Numerics.Tensors' own statics that mean the same as an AutoDiffGen op.</summary>
    public static readonly IReadOnlyDictionary<string, (OpKind Kind, CallForm Form)> InBoxTensor = WithBinary(BinaryBinding.InBoxTensor, WithUnary(UnaryBinding.InBoxTensor, new Dictionary<string, (OpKind, CallForm)>
    {
        ["Sum"] = (OpKind.Sum, CallForm.Reduction),
        ["Average"] = (OpKind.Sum, CallForm.Average),
        ["Unsqueeze"] = (OpKind.Reshape, CallForm.AxisView),
        ["SqueezeDimension"] = (OpKind.Reshape, CallForm.AxisView),
    }));

    /// <summary><c>Math</c> and <c>MathF</c> functions on scalars.</summary>
    public static readonly IReadOnlyDictionary<string, (OpKind Kind, CallForm Form)> Math = WithUnary(UnaryBinding.Math, new Dictionary<string, (OpKind, CallForm)>
    {
        ["Pow"] = (OpKind.Pow, CallForm.Power),
    });

    /// <summary><paramref name="others"/> with the binary ops of <see cref="BinaryOps"/> that <paramref name="binding"/> reaches.</summary>
    private static Dictionary<string, (OpKind, CallForm)> WithBinary(BinaryBinding binding, Dictionary<string, (OpKind, CallForm)> others)
    {
        foreach (var op in BinaryOps.Bound(binding)) others.Add(op.Key, (op.Value, CallForm.Binary));
        return others;
    }

    /// <summary><paramref name="others"/> with the unary ops of <see cref="UnaryOps"/> that <paramref name="binding"/> reaches.</summary>
    private static Dictionary<string, (OpKind, CallForm)> WithUnary(UnaryBinding binding, Dictionary<string, (OpKind, CallForm)> others)
    {
        foreach (var op in UnaryOps.Bound(binding)) others.Add(op.Key, (op.Value, CallForm.Unary));
        return others;
    }
}
