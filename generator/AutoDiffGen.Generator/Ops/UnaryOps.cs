using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;

namespace AutoDiffGen.Generator.Ops;

/// <summary>Where a unary op can be called from in a differentiable method.</summary>
[Flags]
internal enum UnaryBinding
{
    /// <summary>Made only by derivative rules (the step of a ReLU, a sign, a GELU's slope).</summary>
    None = 0,

    /// <summary><c>x.F()</c> or <c>TensorMath.F(x)</c>.</summary>
    TensorMath = 1,

    /// <summary>System.Numerics.Tensors' own <c>Tensor.F(x)</c>, which means the same.</summary>
    InBoxTensor = 2,

    /// <summary><c>Math.F(x)</c> and <c>MathF.F(x)</c> on scalars.</summary>
    Math = 4,
}

/// <summary>
/// One unary elementwise op, everything the generator knows about it in one place: where it is called from, its
/// derivative (as the graph it builds and the formula in words), how a fused loop computes it (always
/// <c>TSimd.{Kind}(x)</c>), how a scalar computes it, how a comment writes it and what its value is called.
/// </summary>
/// <param name="Kind">The op.</param>
/// <param name="Binding">Where it is called from, by the name of <paramref name="Kind"/>.</param>
/// <param name="Rule">The derivative in words, as the generated documentation quotes it; null for ops made only by rules.</param>
/// <param name="Derivative">dX from the builder, G, x and the saved value y; null for ops made only by rules.</param>
/// <param name="Scalar">The C# expression on a scalar: from the operand, the Math class, 1 and 0; null for tensor-only ops.</param>
/// <param name="Text">How a comment writes it, from the operand's text bare and parenthesized where compound; null for <c>kind(x)</c>.</param>
/// <param name="Name">The default name of its value from the operand's name; null for <c>kindOperand</c>.</param>
/// <param name="Variant">A constant bool parameter of the call (its name) that, when true, makes it another op.</param>
internal sealed record UnaryOp(
    OpKind Kind,
    UnaryBinding Binding,
    string? Rule,
    Func<GraphBuilder, int, int, int, int>? Derivative,
    Func<string, string, string, string, string>? Scalar,
    Func<string, string, string>? Text = null,
    Func<string, string?>? Name = null,
    (string Parameter, OpKind Kind)? Variant = null);

/// <summary>
/// The unary elementwise ops, as one table in the spirit of PyTorch's derivatives.yaml. The parser binds calls from
/// it, the shape stage keeps the operand's shape, the rule table differentiates from it, and the loop, scalar and
/// comment emitters write from it.
/// </summary>
internal static class UnaryOps
{
    private const UnaryBinding Everywhere = UnaryBinding.TensorMath | UnaryBinding.InBoxTensor | UnaryBinding.Math;

    public static readonly IReadOnlyList<UnaryOp> All = new[]
    {
        new UnaryOp(OpKind.Negate, UnaryBinding.InBoxTensor, "Negate: dX = -G", (b, g, x, y) => b.Negate(g),
            (x, math, one, zero) => $"-{x}", (x, o) => $"-{o}", a => "minus" + Identifiers.Pascal(a)),
        new UnaryOp(OpKind.Exp, Everywhere, "Exp: dX = G ⊙ y", (b, g, x, y) => b.Multiply(g, y),
            (x, math, one, zero) => $"{math}.Exp({x})"),
        new UnaryOp(OpKind.Log, Everywhere, "Log: dX = G / x", (b, g, x, y) => b.Binary(OpKind.Divide, g, x),
            (x, math, one, zero) => $"{math}.Log({x})"),
        new UnaryOp(OpKind.Tanh, Everywhere, "Tanh: dX = G ⊙ (1 − y²)",
            (b, g, x, y) => b.Multiply(g, b.Binary(OpKind.Subtract, b.Constant(1), b.Unary(OpKind.Square, y))),
            (x, math, one, zero) => $"{math}.Tanh({x})"),
        new UnaryOp(OpKind.Sigmoid, UnaryBinding.TensorMath | UnaryBinding.InBoxTensor, "Sigmoid: dX = G ⊙ y(1 − y)",
            (b, g, x, y) => b.Multiply(g, b.Multiply(y, b.Binary(OpKind.Subtract, b.Constant(1), y))),
            (x, math, one, zero) => $"{one} / ({one} + {math}.Exp(-{x}))"),
        new UnaryOp(OpKind.Relu, UnaryBinding.TensorMath, "Relu: dX = G ⊙ [y > 0]", (b, g, x, y) => b.Multiply(g, b.Unary(OpKind.Step, y)),
            (x, math, one, zero) => $"{math}.Max({x}, {zero})"),
        new UnaryOp(OpKind.Sqrt, Everywhere, "Sqrt: dX = G / (2y)", (b, g, x, y) => b.Binary(OpKind.Divide, b.Scale(g, 0.5), y),
            (x, math, one, zero) => $"{math}.Sqrt({x})"),
        new UnaryOp(OpKind.Abs, Everywhere, "Abs: dX = G ⊙ sign(x)", (b, g, x, y) => b.Multiply(g, b.Unary(OpKind.Sign, x)),
            (x, math, one, zero) => $"{math}.Abs({x})"),
        new UnaryOp(OpKind.Square, UnaryBinding.TensorMath, "Square: dX = G ⊙ 2x", (b, g, x, y) => b.Multiply(g, b.Scale(x, 2)),
            (x, math, one, zero) => $"{x} * {x}", (x, o) => $"{o}²", a => a + "Squared"),
        new UnaryOp(OpKind.Sin, Everywhere, "Sin: dX = G ⊙ cos x", (b, g, x, y) => b.Multiply(g, b.Unary(OpKind.Cos, x)),
            (x, math, one, zero) => $"{math}.Sin({x})"),
        new UnaryOp(OpKind.Cos, Everywhere, "Cos: dX = -G ⊙ sin x", (b, g, x, y) => b.Negate(b.Multiply(g, b.Unary(OpKind.Sin, x))),
            (x, math, one, zero) => $"{math}.Cos({x})"),
        new UnaryOp(OpKind.Gelu, UnaryBinding.TensorMath,
            "Gelu: dX = G ⊙ gelu′(x), gelu′(x) = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²), t = tanh(√(2/π)(x + 0.044715x³))",
            (b, g, x, y) => b.Multiply(g, b.Unary(OpKind.GeluGradient, x)), null, Variant: ("exact", OpKind.GeluExact)),
        new UnaryOp(OpKind.GeluExact, UnaryBinding.None, "Gelu(exact): dX = G ⊙ (Φ(x) + x·φ(x)), Φ(x) = ½(1 + erf(x/√2)), φ(x) = exp(−x²/2)/√(2π)",
            (b, g, x, y) => b.Multiply(g, b.Unary(OpKind.GeluExactGradient, x)), null, (x, o) => $"gelu_exact({x})", a => "gelu" + Identifiers.Pascal(a)),
        new UnaryOp(OpKind.Silu, UnaryBinding.TensorMath, "Silu: dX = G ⊙ σ(x)(1 + x(1 − σ(x)))",
            (b, g, x, y) => b.Multiply(g, b.Unary(OpKind.SiluGradient, x)), null),
        new UnaryOp(OpKind.Step, UnaryBinding.None, null, null, (x, math, one, zero) => $"{x} > {zero} ? {one} : {zero}", (x, o) => $"[{x} > 0]", _ => null),
        new UnaryOp(OpKind.Sign, UnaryBinding.None, null, null, (x, math, one, zero) => $"{x} > {zero} ? {one} : {x} < {zero} ? -{one} : {zero}",
            (x, o) => $"sign({x})", _ => null),
        new UnaryOp(OpKind.GeluGradient, UnaryBinding.None, null, null, null, (x, o) => $"gelu′({x})"),
        new UnaryOp(OpKind.SiluGradient, UnaryBinding.None, null, null, null, (x, o) => $"silu′({x})"),
        new UnaryOp(OpKind.GeluExactGradient, UnaryBinding.None, null, null, null, (x, o) => $"gelu_exact′({x})"),
    };

    private static readonly Dictionary<OpKind, UnaryOp> ByKind = All.ToDictionary(op => op.Kind);

    /// <summary>The entry for <paramref name="kind"/>, if it is a unary elementwise op.</summary>
    public static bool TryGet(OpKind kind, out UnaryOp op) => ByKind.TryGetValue(kind, out op!);

    public static bool Contains(OpKind kind) => ByKind.ContainsKey(kind);

    /// <summary>The calls bound from <paramref name="binding"/>, by method name.</summary>
    public static IEnumerable<KeyValuePair<string, OpKind>> Bound(UnaryBinding binding)
        => All.Where(op => (op.Binding & binding) != 0).Select(op => new KeyValuePair<string, OpKind>(op.Kind.ToString(), op.Kind));
}
