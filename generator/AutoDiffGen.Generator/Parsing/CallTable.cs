using System.Collections.Generic;
using AutoDiffGen.Generator.Ir;

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

    /// <summary><c>a.MatMul(b)</c>, <c>a.Dot(b)</c>: two operands, no broadcasting.</summary>
    Linear,
}

/// <summary>The calls a differentiable method may make, by container and name, and the op each becomes.</summary>
internal static class CallTable
{
    public static readonly IReadOnlyDictionary<string, (OpKind Kind, CallForm Form)> TensorMath = new Dictionary<string, (OpKind, CallForm)>
    {
        ["Exp"] = (OpKind.Exp, CallForm.Unary),
        ["Log"] = (OpKind.Log, CallForm.Unary),
        ["Tanh"] = (OpKind.Tanh, CallForm.Unary),
        ["Sigmoid"] = (OpKind.Sigmoid, CallForm.Unary),
        ["Relu"] = (OpKind.Relu, CallForm.Unary),
        ["Sqrt"] = (OpKind.Sqrt, CallForm.Unary),
        ["Abs"] = (OpKind.Abs, CallForm.Unary),
        ["Square"] = (OpKind.Square, CallForm.Unary),
        ["Sin"] = (OpKind.Sin, CallForm.Unary),
        ["Cos"] = (OpKind.Cos, CallForm.Unary),
        ["Pow"] = (OpKind.Pow, CallForm.Power),
        ["Sum"] = (OpKind.Sum, CallForm.Reduction),
        ["Mean"] = (OpKind.Sum, CallForm.Average),
        ["MatMul"] = (OpKind.MatMul, CallForm.Linear),
        ["Dot"] = (OpKind.Dot, CallForm.Linear),
        ["Transpose"] = (OpKind.Transpose, CallForm.Unary),
    };

    /// <summary>System.Numerics.Tensors' own statics that mean the same as an AutoDiffGen op.</summary>
    public static readonly IReadOnlyDictionary<string, (OpKind Kind, CallForm Form)> InBoxTensor = new Dictionary<string, (OpKind, CallForm)>
    {
        ["Exp"] = (OpKind.Exp, CallForm.Unary),
        ["Log"] = (OpKind.Log, CallForm.Unary),
        ["Tanh"] = (OpKind.Tanh, CallForm.Unary),
        ["Sigmoid"] = (OpKind.Sigmoid, CallForm.Unary),
        ["Sqrt"] = (OpKind.Sqrt, CallForm.Unary),
        ["Abs"] = (OpKind.Abs, CallForm.Unary),
        ["Sin"] = (OpKind.Sin, CallForm.Unary),
        ["Cos"] = (OpKind.Cos, CallForm.Unary),
        ["Negate"] = (OpKind.Negate, CallForm.Unary),
        ["Add"] = (OpKind.Add, CallForm.Binary),
        ["Subtract"] = (OpKind.Subtract, CallForm.Binary),
        ["Multiply"] = (OpKind.Multiply, CallForm.Binary),
        ["Divide"] = (OpKind.Divide, CallForm.Binary),
        ["Sum"] = (OpKind.Sum, CallForm.Reduction),
        ["Average"] = (OpKind.Sum, CallForm.Average),
    };

    /// <summary><c>Math</c> and <c>MathF</c> functions on scalars.</summary>
    public static readonly IReadOnlyDictionary<string, (OpKind Kind, CallForm Form)> Math = new Dictionary<string, (OpKind, CallForm)>
    {
        ["Exp"] = (OpKind.Exp, CallForm.Unary),
        ["Log"] = (OpKind.Log, CallForm.Unary),
        ["Tanh"] = (OpKind.Tanh, CallForm.Unary),
        ["Sqrt"] = (OpKind.Sqrt, CallForm.Unary),
        ["Abs"] = (OpKind.Abs, CallForm.Unary),
        ["Sin"] = (OpKind.Sin, CallForm.Unary),
        ["Cos"] = (OpKind.Cos, CallForm.Unary),
        ["Pow"] = (OpKind.Pow, CallForm.Power),
    };
}
