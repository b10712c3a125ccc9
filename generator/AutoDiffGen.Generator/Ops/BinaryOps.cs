using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Ops;

/// <summary>Where a binary op can be called from in a differentiable method, besides its C# operator.</summary>
[Flags]
internal enum BinaryBinding
{
    None = 0,

    /// <summary><c>a.F(b)</c> or <c>TensorMath.F(a, b)</c>, with b a tensor or a scalar.</summary>
    TensorMath = 1,

    /// <summary>System.Numerics.Tensors' own <c>Tensor.F(a, b)</c>.</summary>
    InBoxTensor = 2,
}

/// <summary>What a binary rule is built from: the builder, the adjoint, both operands with their shapes, and the value.</summary>
internal readonly record struct BinaryRuleInputs(GraphBuilder Builder, int G, int A, int B, int Y, Shape ShapeA, Shape ShapeB);

/// <summary>One adjoint of a binary op: the graph it builds and the formula in words, as the generated documentation quotes it.</summary>
internal sealed record BinaryRule(string Text, Func<BinaryRuleInputs, int> Build);

/// <summary>
/// One broadcasting binary elementwise op, everything the generator knows about it in one place: its C# operator and
/// calls, the derivative with respect to each operand (already summed back to the operand's shape), how a fused loop and
/// a scalar compute it, how a comment writes it and what its value is called.
/// </summary>
/// <param name="Kind">The op.</param>
/// <param name="Operator">The C# operator that means it, if any.</param>
/// <param name="Binding">Which calls mean it, by the name of <paramref name="Kind"/>.</param>
/// <param name="RuleA">The adjoint of the first operand; null with <paramref name="RuleB"/> for an op flat almost everywhere.</param>
/// <param name="RuleB">The adjoint of the second operand.</param>
/// <param name="Vector">The fused loop's expression from the SIMD type's name and the operands.</param>
/// <param name="Scalar">The C# expression on scalars; null for tensor-only ops.</param>
/// <param name="Text">How a comment writes it from the operands bare and parenthesized where compound: (a, b, (a), (b)).</param>
/// <param name="Name">The default name of its value from the operands' names.</param>
internal sealed record BinaryOp(
    OpKind Kind,
    BinaryOperatorKind? Operator,
    BinaryBinding Binding,
    BinaryRule? RuleA,
    BinaryRule? RuleB,
    Func<string, string, string, string> Vector,
    Func<string, string, string>? Scalar,
    Func<string, string, string, string, string> Text,
    Func<string, string, string?> Name)
{
    /// <summary>1 or 0, so the derivative is 0 wherever it exists: no gradient flows through, and the operands need none.</summary>
    public bool IsPiecewiseConstant => RuleA is null && RuleB is null;
}

/// <summary>
/// The broadcasting binary elementwise ops, as one table in the spirit of PyTorch's derivatives.yaml. The parser binds
/// operators and calls from it, the activity analysis reads which are flat, the rule table differentiates from it, and
/// the loop, scalar and comment emitters write from it. (Their broadcasting is the shape stage's, shared by all.)
/// </summary>
internal static class BinaryOps
{
    public static readonly IReadOnlyList<BinaryOp> All = new[]
    {
        Arithmetic(OpKind.Add, BinaryOperatorKind.Add, "+", "+", "Plus",
            new BinaryRule("Add: dA = sum_to(G)", r => r.Builder.SumTo(r.G, r.ShapeA)),
            new BinaryRule("Add: dB = sum_to(G)", r => r.Builder.SumTo(r.G, r.ShapeB)),
            (a, b, pa, pb) => $"{a} + {b}"),
        Arithmetic(OpKind.Subtract, BinaryOperatorKind.Subtract, "-", "-", "Minus",
            new BinaryRule("Subtract: dA = sum_to(G)", r => r.Builder.SumTo(r.G, r.ShapeA)),
            new BinaryRule("Subtract: dB = -sum_to(G)", r => r.Builder.Negate(r.Builder.SumTo(r.G, r.ShapeB))),
            (a, b, pa, pb) => $"{a} - {pb}"),
        Arithmetic(OpKind.Multiply, BinaryOperatorKind.Multiply, "*", "⊙", "Times",
            new BinaryRule("Multiply: dA = sum_to(G ⊙ B)", r => r.Builder.SumTo(r.Builder.Multiply(r.G, r.B), r.ShapeA)),
            new BinaryRule("Multiply: dB = sum_to(G ⊙ A)", r => r.Builder.SumTo(r.Builder.Multiply(r.G, r.A), r.ShapeB)),
            (a, b, pa, pb) => $"{pa} ⊙ {pb}"),
        Arithmetic(OpKind.Divide, BinaryOperatorKind.Divide, "/", "/", "Over",
            new BinaryRule("Divide: dA = sum_to(G / B)", r => r.Builder.SumTo(r.Builder.Binary(OpKind.Divide, r.G, r.B), r.ShapeA)),
            new BinaryRule("Divide: dB = -sum_to(G ⊙ Y / B)",
                r => r.Builder.Negate(r.Builder.SumTo(r.Builder.Binary(OpKind.Divide, r.Builder.Multiply(r.G, r.Y), r.B), r.ShapeB))),
            (a, b, pa, pb) => $"{pa} / {pb}"),
        Extremum(OpKind.Maximum, "max", "Max", OpKind.GreaterThan, OpKind.GreaterThanOrEqual, ">", "≥"),
        Extremum(OpKind.Minimum, "min", "Min", OpKind.LessThan, OpKind.LessThanOrEqual, "<", "≤"),
        Comparison(OpKind.GreaterThan, "IsGreater", ">"),
        Comparison(OpKind.GreaterThanOrEqual, "IsGreaterOrEqual", "≥"),
        Comparison(OpKind.LessThan, "IsLess", "<"),
        Comparison(OpKind.LessThanOrEqual, "IsLessOrEqual", "≤"),
    };

    private static readonly Dictionary<OpKind, BinaryOp> ByKind = All.ToDictionary(op => op.Kind);

    /// <summary>The entry for <paramref name="kind"/>, if it is a broadcasting binary elementwise op.</summary>
    public static bool TryGet(OpKind kind, out BinaryOp op) => ByKind.TryGetValue(kind, out op!);

    /// <summary>The op a C# binary operator means, if it has a derivative.</summary>
    public static OpKind? ForOperator(BinaryOperatorKind kind) => All.FirstOrDefault(op => op.Operator == kind)?.Kind;

    /// <summary>Whether <paramref name="kind"/> is 1 or 0 (a comparison), so no gradient flows through it.</summary>
    public static bool IsPiecewiseConstant(OpKind kind) => TryGet(kind, out var op) && op.IsPiecewiseConstant;

    /// <summary>The calls bound from <paramref name="binding"/>, by method name.</summary>
    public static IEnumerable<KeyValuePair<string, OpKind>> Bound(BinaryBinding binding)
        => All.Where(op => (op.Binding & binding) != 0).Select(op => new KeyValuePair<string, OpKind>(op.Kind.ToString(), op.Kind));

    /// <summary>+ − × ÷: an operator, the in-box call of the same name, the same C# operator on vectors and scalars.</summary>
    private static BinaryOp Arithmetic(OpKind kind, BinaryOperatorKind op, string symbol, string textSymbol, string join,
        BinaryRule ruleA, BinaryRule ruleB, Func<string, string, string, string, string> text)
        => new(kind, op, BinaryBinding.InBoxTensor, ruleA, ruleB,
            (simd, a, b) => $"{a} {symbol} {b}", (a, b) => $"{a} {symbol} {b}", text,
            (a, b) => a.Length > 0 && b.Length > 0 ? a + join + Identifiers.Pascal(b) : null);

    /// <summary>Maximum and minimum: where the operands tie, each takes half of G, as torch.maximum does.</summary>
    private static BinaryOp Extremum(OpKind kind, string text, string simd, OpKind wins, OpKind winsOrTies, string symbol, string orTies)
    {
        int Share(GraphBuilder b, int self, int other) => b.Scale(b.Binary(OpKind.Add, b.Binary(wins, self, other), b.Binary(winsOrTies, self, other)), 0.5);
        return new(kind, null, BinaryBinding.TensorMath,
            new BinaryRule($"{kind}: dA = sum_to(G ⊙ ([a {symbol} b] + [a {orTies} b]) / 2)",
                r => r.Builder.SumTo(r.Builder.Multiply(r.G, Share(r.Builder, r.A, r.B)), r.ShapeA)),
            new BinaryRule($"{kind}: dB = sum_to(G ⊙ ([b {symbol} a] + [b {orTies} a]) / 2)",
                r => r.Builder.SumTo(r.Builder.Multiply(r.G, Share(r.Builder, r.B, r.A)), r.ShapeB)),
            (vector, a, b) => $"{vector}.{simd}({a}, {b})", null, (a, b, pa, pb) => $"{text}({a}, {b})",
            (a, b) => a.Length > 0 ? char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString().Substring(1) + Identifiers.Pascal(a) : null);
    }

    /// <summary>A comparison: a mask of 1 and 0 in the element type, flat, so it has no rule.</summary>
    private static BinaryOp Comparison(OpKind kind, string simd, string symbol)
        => new(kind, null, BinaryBinding.TensorMath, null, null, (vector, a, b) => $"{vector}.{simd}({a}, {b})", null,
            (a, b, pa, pb) => $"[{a} {symbol} {b}]", (a, b) => a.Length > 0 ? a + "Mask" : null);
}
