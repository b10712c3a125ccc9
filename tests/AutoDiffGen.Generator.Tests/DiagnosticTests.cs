using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Tests;

/// <summary>Every diagnostic: its ID, severity, the exact source it points at, and its message.</summary>
public class DiagnosticTests
{
    private const string Usings = "using System;\nusing System.Numerics.Tensors;\nusing AutoDiffGen;\n";

    private static void AssertDiagnostic(string source, string id, DiagnosticSeverity severity, string spanText, string message, bool generatesCode = false)
    {
        var run = GeneratorHarness.Run(Usings + source);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.True(diagnostic.Location.IsInSource, "The diagnostic should point into the source.");
        Assert.Equal(spanText, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        // A method with errors keeps only its members' declarations; a backward pass is generated only without them.
        Assert.Equal(generatesCode, run.Result.GeneratedSources.Any(s => !s.SourceText.ToString().Contains(AutoDiffGen.Generator.Emit.DeclarationsEmitter.Marker)));
    }

    [Fact]
    public void ADG0001_MethodNotStatic() => AssertDiagnostic("""
        public partial class C { [Differentiable] public float Loss([Shape("N")] Tensor<float> x) => x.Sum(); }
        """, "ADG0001", DiagnosticSeverity.Error, "Loss", "Differentiable method 'Loss' must be static");

    [Fact]
    public void ADG0002_TypeNotPartial() => AssertDiagnostic("""
        public static class C { [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum(); }
        """, "ADG0002", DiagnosticSeverity.Error, "Loss", "'C' must be declared partial so that the backward pass of 'Loss' can be generated into it");

    [Fact]
    public void ADG0003_UnsupportedParameter() => AssertDiagnostic("""
        public static partial class C { [Differentiable] public static float Loss(float[] xs) => xs[0]; }
        """, "ADG0003", DiagnosticSeverity.Error, "float[] xs",
        "Parameter 'xs' of type 'float[]' is not supported: use Tensor<float>, Tensor<double>, Tensor<int>, float, double or int");

    [Fact]
    public void ADG0003_RefParameter() => AssertDiagnostic("""
        public static partial class C { [Differentiable] public static float Loss(ref float x) => x * x; }
        """, "ADG0003", DiagnosticSeverity.Error, "ref float x",
        "Parameter 'x' of type 'float' is not supported: ref, out, in and params parameters are not supported");

    [Fact]
    public void ADG0004_UnsupportedReturnType() => AssertDiagnostic("""
        public static partial class C { [Differentiable] public static int Count([Shape("N")] Tensor<float> x) => (int)x.FlattenedLength; }
        """, "ADG0004", DiagnosticSeverity.Error, "int",
        "'Count' returns 'int', which is not supported: return float, double, Tensor<float> or Tensor<double>");

    [Fact]
    public void ADG0005_MissingShape() => AssertDiagnostic("""
        public static partial class C { [Differentiable] public static float Loss(Tensor<float> x) => x.Sum(); }
        """, "ADG0005", DiagnosticSeverity.Error, "x",
        "Tensor parameter 'x' needs a [Shape] attribute declaring its dimensions, e.g. [Shape(\"N, D\")]");

    [Fact]
    public void ADG0006_MalformedShape() => AssertDiagnostic("""
        public static partial class C { [Differentiable] public static float Loss([Shape("N,, D")] Tensor<float> x) => x.Sum(); }
        """, "ADG0006", DiagnosticSeverity.Error, "\"N,, D\"", "[Shape(\"N,, D\")] on 'x' is malformed: dimension 1 is empty");

    [Fact]
    public void ADG0006_NonPositiveSize() => AssertDiagnostic("""
        public static partial class C { [Differentiable] public static float Loss([Shape("N, 0")] Tensor<float> x) => x.Sum(); }
        """, "ADG0006", DiagnosticSeverity.Error, "\"N, 0\"", "[Shape(\"N, 0\")] on 'x' is malformed: '0' in dimension 1 is not a positive integer size");

    [Fact]
    public void ADG0007_MixedElementTypes() => AssertDiagnostic("""
        public static partial class C { [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [Shape("N")] Tensor<double> y) => x.Sum(); }
        """, "ADG0007", DiagnosticSeverity.Error, "[Shape(\"N\")] Tensor<double> y",
        "Parameter 'y' is Tensor<double>, but 'Loss' computes in float: a differentiable method uses one floating-point type");

    [Fact]
    public void ADG0008_GeneratedNameConflict() => AssertDiagnostic("""
        public static partial class C
        {
            public sealed class LossGradients { }
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
        }
        """, "ADG0008", DiagnosticSeverity.Error, "Loss", "'C' cannot take the member 'LossGradients' that AutoDiffGen generates for 'Loss': it already has a member of that name");

    [Fact]
    public void ADG0008_GeneratedClassWouldHaveItsContainingTypesName() => AssertDiagnostic("""
        public static partial class LossGradients
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
        }
        """, "ADG0008", DiagnosticSeverity.Error, "Loss",
        "'LossGradients' cannot take the member 'LossGradients' that AutoDiffGen generates for 'Loss': a member cannot have its type's own name");

    [Fact]
    public void ADG0008_DifferentiableOverloads()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static partial class C
            {
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
                [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, float s) => x.Sum() * s;
            }
            """);
        Assert.Equal(2, run.Diagnostics.Length);
        Assert.All(run.Diagnostics, d => Assert.Equal("'C' cannot take the member 'LossGradients' that AutoDiffGen generates for 'Loss': " +
            "another [Differentiable] method named 'Loss' would generate it too; give them different names", d.GetMessage()));
        Assert.Empty(run.Result.GeneratedSources);
    }

    [Fact]
    public void ADG0009_GenericMethod() => AssertDiagnostic("""
        public static partial class C { [Differentiable] public static float Loss<T>([Shape("N")] Tensor<float> x) => x.Sum(); }
        """, "ADG0009", DiagnosticSeverity.Error, "Loss", "Differentiable method 'Loss' must not be generic");

    [Fact]
    public void ADG0010_UnboundSymbol() => AssertDiagnostic("""
        public static partial class C { [Differentiable] public static float Loss([Shape("N*D")] Tensor<float> x) => x.Sum(); }
        """, "ADG0010", DiagnosticSeverity.Error, "[Shape(\"N*D\")] Tensor<float> x",
        "Symbol 'D' in the shape of 'x' cannot be bound from the arguments: declare it alone as a dimension of some parameter, or in a product whose other factors are bound");

    [Fact]
    public void ADG0011_LocalFunction() => AssertDiagnostic("""
        public static partial class C
        {
            public static float Outer([Shape("N")] Tensor<float> x)
            {
                [Differentiable] static float Inner(float v) => v * v;
                return Inner(x.Sum());
            }
        }
        """, "ADG0011", DiagnosticSeverity.Error, "Inner", "[Differentiable] applies to static methods of partial types, not to the local function 'Inner'");

    [Fact]
    public void ADG0101_UnsupportedCall() => AssertDiagnostic("""
        public static partial class C
        {
            static float Helper(float v) => v * 2;
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => Helper(x.Sum());
        }
        """, "ADG0101", DiagnosticSeverity.Error, "Helper(x.Sum())",
        "'C.Helper' is not supported in a differentiable method: a differentiable method may call TensorMath ops, Math/MathF functions and other [Differentiable] methods");

    [Fact]
    public void ADG0102_UnsupportedStatement() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x)
            {
                var s = x.Sum();
                if (s > 0) s = s * 2;
                return s;
            }
        }
        """, "ADG0102", DiagnosticSeverity.Error, "if (s > 0) s = s * 2;",
        "An 'if' statement is not supported in a differentiable method: write the computation as local declarations, assignments and a single return");

    [Fact]
    public void ADG0103_UnsupportedExpression() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, float s) => s > 0 ? x.Sum() : s;
        }
        """, "ADG0103", DiagnosticSeverity.Error, "s > 0 ? x.Sum() : s",
        "'s > 0 ? x.Sum() : s' is not supported in a differentiable method: a conditional cannot be differentiated");

    [Fact]
    public void ADG0104_NonConstantArgument() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, int axis) => x.Sum(axis).Sum();
        }
        """, "ADG0104", DiagnosticSeverity.Error, "axis", "The 'axis' argument of 'Sum' must be a compile-time constant");

    [Fact]
    public void ADG0105_RecursiveCall() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static double F(double x) => 2 * F(x);
        }
        """, "ADG0105", DiagnosticSeverity.Error, "F(x)",
        "'F' cannot be inlined into 'F' because the calls recurse (F → F); differentiable methods are inlined into their callers and cannot recurse");

    [Fact]
    public void ADG0105_MutualRecursionIsReportedInEachMethodAtItsOwnCall()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => G(x) + 1;
                [Differentiable] public static double G(double x) => 2 * F(x);
            }
            """);
        var messages = run.Diagnostics.Select(d => (Text: d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan), Message: d.GetMessage())).OrderBy(m => m.Text).ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal(("F(x)", "'F' cannot be inlined into 'G' because the calls recurse (G → F → G); differentiable methods are inlined into their callers and cannot recurse"), messages[0]);
        Assert.Equal(("G(x)", "'G' cannot be inlined into 'F' because the calls recurse (F → G → F); differentiable methods are inlined into their callers and cannot recurse"), messages[1]);
        Assert.All(run.Diagnostics, d => Assert.Equal("ADG0105", d.Id));
    }

    [Fact]
    public void ADG0201_MatMulMismatch() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, C")] Tensor<float> w2) => x.MatMul(w2).Sum();
        }
        """, "ADG0201", DiagnosticSeverity.Error, "x.MatMul(w2)",
        "MatMul inner dimensions differ: 'x' is [N, D] but 'w2' is [H, C] (D ≠ H); distinct symbols are distinct dimensions: if D and H are one size, declare 'w2' as [D, C]");

    [Fact]
    public void ADG0201_ShowsTheDeclarationThatMakesTwoSymbolsOneSize() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, 3, E")] Tensor<float> emb, [Shape("K, H")] Tensor<float> W1)
            {
                var embcat = emb.Flatten(1);
                return embcat.MatMul(W1).Sum();
            }
        }
        """, "ADG0201", DiagnosticSeverity.Error, "embcat.MatMul(W1)",
        "MatMul inner dimensions differ: 'embcat' is [N, 3*E] but 'W1' is [K, H] (3*E ≠ K); distinct symbols are distinct dimensions: if 3*E and K are one size, declare 'W1' as [3*E, H]");

    [Fact]
    public void ADG0201_NamesTheLeftOperandsDeclarationWhenOnlyItIsAParameter() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, C")] Tensor<float> w) => x.MatMul(w.Tanh()).Sum();
        }
        """, "ADG0201", DiagnosticSeverity.Error, "x.MatMul(w.Tanh())",
        "MatMul inner dimensions differ: 'x' is [N, D] but 'w.Tanh()' is [H, C] (D ≠ H); distinct symbols are distinct dimensions: if D and H are one size, declare 'x' as [N, H]");

    [Fact]
    public void ADG0201_SuggestsTheTransposeThatFits() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, D")] Tensor<float> w) => x.MatMul(w).Sum();
        }
        """, "ADG0201", DiagnosticSeverity.Error, "x.MatMul(w)",
        "MatMul inner dimensions differ: 'x' is [N, D] but 'w' is [H, D] (D ≠ H); 'w' transposed would fit: x.MatMul(w.Transpose())");

    [Fact]
    public void ADG0201_DropsATransposeRatherThanAddingOne() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w2) => x.MatMul(w2.Transpose()).Sum();
        }
        """, "ADG0201", DiagnosticSeverity.Error, "x.MatMul(w2.Transpose())",
        "MatMul inner dimensions differ: 'x' is [N, D] but 'w2.Transpose()' is [H, D] (D ≠ H); 'w2' without its transpose would fit: x.MatMul(w2)");

    [Fact]
    public void ADG0201_IsNotFollowedByErrorsAboutTheGuessedProduct()
    {
        var run = GeneratorHarness.Run(Usings + """
            public static partial class C
            {
                [Differentiable]
                public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, C")] Tensor<float> w2, [Shape("D")] Tensor<float> b)
                    => (x.MatMul(w2) + b).Sum();
            }
            """);
        Assert.Equal("ADG0201", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void ADG0202_BroadcastMismatch() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, 3")] Tensor<float> a, [Shape("N, 4")] Tensor<float> b) => (a * b).Sum();
        }
        """, "ADG0202", DiagnosticSeverity.Error, "a * b", "Cannot broadcast 'a' [N, 3] with 'b' [N, 4]: 3 and 4 are neither equal nor 1");

    [Fact]
    public void ADG0202_WhereOperandsThatDoNotBroadcast() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([NoDiff][Shape("N, 3")] Tensor<float> c, [Shape("N, 1")] Tensor<float> a, [Shape("N, 4")] Tensor<float> b)
                => TensorMath.Where(c, a, b).Sum();
        }
        """, "ADG0202", DiagnosticSeverity.Error, "TensorMath.Where(c, a, b)", "Cannot broadcast 'c' [N, 3] with 'b' [N, 4]: 3 and 4 are neither equal nor 1");

    [Fact]
    public void ADG0202_MaximumOfShapesThatDoNotBroadcast() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, 3")] Tensor<float> a, [Shape("2, 1")] Tensor<float> b) => a.Maximum(b).Sum();
        }
        """, "ADG0202", DiagnosticSeverity.Error, "a.Maximum(b)", "Cannot broadcast 'a' [N, 3] with 'b' [2, 1]: N and 2 are neither equal nor 1");

    [Fact]
    public void ADG0207_MaskedFillWithAMaskLargerThanItsTensor() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("T, T")] Tensor<float> x, [NoDiff][Shape("B, T, T")] Tensor<float> mask)
                => x.MaskedFill(mask, float.NegativeInfinity).Softmax(-1).Square().Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "x.MaskedFill(mask, float.NegativeInfinity)",
        "MaskedFill needs 'mask' to be a shape that broadcasts to [T, T], the shape of 'x', but it is [B, T, T]");

    [Fact]
    public void ADG0207_AttentionKeysOfAnotherDepth() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, D")] Tensor<float> q, [Shape("B, T, E")] Tensor<float> k, [Shape("B, T, D")] Tensor<float> v)
                => TensorMath.ScaledDotProductAttention(q, k, v, causal: true).Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "TensorMath.ScaledDotProductAttention(q, k, v, causal: true)",
        "ScaledDotProductAttention needs 'k' to be [B, T, D], the query's leading axes and row length, but it is [B, T, E]");

    [Fact]
    public void ADG0207_AttentionValuesForOtherKeys() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, D")] Tensor<float> q, [Shape("B, S, D")] Tensor<float> k, [Shape("B, T, D")] Tensor<float> v)
                => TensorMath.ScaledDotProductAttention(q, k, v).Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "TensorMath.ScaledDotProductAttention(q, k, v)",
        "ScaledDotProductAttention needs 'v' to be [B, S, e], one row per key, but it is [B, T, D]");

    [Fact]
    public void ADG0204_AttentionOfAVector() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("D")] Tensor<float> q, [Shape("T, D")] Tensor<float> k, [Shape("T, D")] Tensor<float> v)
                => TensorMath.ScaledDotProductAttention(q, k, v).Sum();
        }
        """, "ADG0204", DiagnosticSeverity.Error, "TensorMath.ScaledDotProductAttention(q, k, v)",
        "ScaledDotProductAttention needs a query of rank 2 or more, [..., T, d], but 'q' is [D]");

    [Fact]
    public void ADG0104_AttentionScaleNotConstant() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("T, D")] Tensor<float> q, [Shape("T, D")] Tensor<float> k, [Shape("T, D")] Tensor<float> v, float temperature)
                => TensorMath.ScaledDotProductAttention(q, k, v, scale: temperature).Sum();
        }
        """, "ADG0104", DiagnosticSeverity.Error, "temperature",
        "The 'scale' argument of 'ScaledDotProductAttention' must be a compile-time constant");

    [Fact]
    public void ADG0207_ChunkOfAnAxisThatDoesNotDivide() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x)
            {
                var (a, b, c) = x.Chunk(3, 1);
                return (a * b + c).Sum();
            }
        }
        """, "ADG0207", DiagnosticSeverity.Error, "x.Chunk(3, 1)",
        "Chunk needs 'x' to be a multiple of 3 long along axis 1, so that its 3 parts have one size, but it is [N, D]");

    [Fact]
    public void ADG0103_ChunkDeconstructedIntoTooFewVariables() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, 3*D")] Tensor<float> x)
            {
                var (a, b) = x.Chunk(3, 1);
                return (a * b).Sum();
            }
        }
        """, "ADG0103", DiagnosticSeverity.Error, "var (a, b) = x.Chunk(3, 1)",
        "'var (a, b) = x.Chunk(3, 1)' is not supported in a differentiable method: Chunk makes 3 parts, but they are deconstructed into 2 variables");

    [Fact]
    public void ADG0103_ChunkUsedWhole() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, 2*D")] Tensor<float> x) => TensorMath.Concat(0, x.Chunk(2, 1)).Sum();
        }
        """, "ADG0103", DiagnosticSeverity.Error, "x.Chunk(2, 1)",
        "'x.Chunk(2, 1)' is not supported in a differentiable method: its parts are taken at once, by deconstruction (var (q, k, v) = x.Chunk(3, axis)) or from a variable by constant index (parts[0])");

    [Fact]
    public void ADG0104_GeluExactNotConstant() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, int mode) => x.Gelu(mode > 0).Sum();
        }
        """, "ADG0104", DiagnosticSeverity.Error, "mode > 0",
        "The 'exact' argument of 'Gelu' must be a compile-time constant");

    [Fact]
    public void ADG0301_ParameterOnlyCompared() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [Shape("N")] Tensor<float> threshold) => (x * x.GreaterThan(threshold)).Sum();
        }
        """, "ADG0301", DiagnosticSeverity.Warning, "[Shape(\"N\")] Tensor<float> threshold",
        "The result of 'Loss' does not depend on 'threshold', so its gradient is always zero; mark it [NoDiff] if it is data", generatesCode: true);

    [Fact]
    public void ADG0203_AxisOutOfRange() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x) => x.Sum(axis: 2).Sum();
        }
        """, "ADG0203", DiagnosticSeverity.Error, "x.Sum(axis: 2)", "Axis 2 is out of range for 'x' of shape [N, D] (rank 2)");

    [Fact]
    public void ADG0201_MatMulMismatch_LeadingAxesOnTheLeft() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, C")] Tensor<float> x, [Shape("D, C")] Tensor<float> w) => x.MatMul(w).Sum();
        }
        """, "ADG0201", DiagnosticSeverity.Error, "x.MatMul(w)",
        "MatMul inner dimensions differ: 'x' is [B, T, C] but 'w' is [D, C] (C ≠ D); 'w' transposed would fit: x.MatMul(w.Transpose())");

    [Fact]
    public void ADG0201_MatMulMismatch_BatchedSuggestsSwappingTheLastTwoAxes() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, H, T, D")] Tensor<float> q, [Shape("B, H, T, D")] Tensor<float> k) => q.MatMul(k).Sum();
        }
        """, "ADG0201", DiagnosticSeverity.Error, "q.MatMul(k)",
        "MatMul inner dimensions differ: 'q' is [B, H, T, D] but 'k' is [B, H, T, D] (D ≠ T); 'k' with its last two axes swapped would fit: q.MatMul(k.Transpose(2, 3))");

    [Fact]
    public void ADG0202_BatchAxesThatDoNotBroadcast() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, D")] Tensor<float> q, [Shape("H, D, T")] Tensor<float> k) => q.MatMul(k).Sum();
        }
        """, "ADG0202", DiagnosticSeverity.Error, "q.MatMul(k)",
        "Cannot broadcast 'q' [B, T, D] with 'k' [H, D, T]: batch axes B and H are neither equal nor 1");

    [Fact]
    public void ADG0207_BatchedOperandWithPartOfTheBatchAxes() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, H, T, D")] Tensor<float> q, [Shape("H, D, T")] Tensor<float> k) => q.MatMul(k).Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "q.MatMul(k)",
        "MatMul needs 'k' to be [B, H, D, T] or [D, T] (an operand has all the batch axes or none), but it is [H, D, T]");

    [Fact]
    public void ADG0207_CausalSoftmaxOfMatricesThatAreNotSquare() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, S")] Tensor<float> scores) => scores.Softmax(-1, causal: true).Square().Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "scores.Softmax(-1, causal: true)",
        "Softmax(causal: true) needs 'scores' to be [..., S, S], square in its last two axes, and normalized along the last (axis -1), but it is [B, T, S]");

    [Fact]
    public void ADG0207_CausalSoftmaxAlongAnotherAxis() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, T")] Tensor<float> scores) => scores.Softmax(1, causal: true).Square().Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "scores.Softmax(1, causal: true)",
        "Softmax(causal: true) needs 'scores' to be [..., T, T], square in its last two axes, and normalized along the last (axis -1), but it is [B, T, T]");

    [Fact]
    public void ADG0207_SqueezeOfAnAxisLongerThanOne() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, C")] Tensor<float> x) => x.Squeeze(1).Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "x.Squeeze(1)", "Squeeze needs 'x' to be of length 1 along axis 1, but it is [B, T, C]");

    [Fact]
    public void ADG0203_UnsqueezeBeyondTheResultsAxes() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, C")] Tensor<float> x) => x.Unsqueeze(3).Sum();
        }
        """, "ADG0203", DiagnosticSeverity.Error, "x.Unsqueeze(3)", "Axis 3 is out of range for 'x' of shape [B, C] (rank 2)");

    [Fact]
    public void ADG0101_InBoxUnsqueezeCountsAxesFromTheFront() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, C")] Tensor<float> x) => x.Unsqueeze(-1).Sum();
        }
        """, "ADG0101", DiagnosticSeverity.Error, "x.Unsqueeze(-1)",
        "'Tensor.Unsqueeze' is not supported in a differentiable method: System.Numerics.Tensors' Unsqueeze takes an axis counted from the front, 0 to the rank, not -1");

    [Fact]
    public void ADG0207_NarrowPastTheEndOfTheAxis() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, 3*C")] Tensor<float> qkv, [Shape("C")] Tensor<float> v)
                => qkv.Narrow(1, 2 * v.Lengths[0], 2 * v.Lengths[0]).Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "qkv.Narrow(1, 2 * v.Lengths[0], 2 * v.Lengths[0])",
        "Narrow needs 'qkv' to be at least 2*C + 2*C long along axis 1, but it is [B, 3*C]");

    [Fact]
    public void ADG0207_ConcatOfLengthsThatAreNotOneSize() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, C")] Tensor<float> a, [Shape("B, D")] Tensor<float> b) => TensorMath.Concat(1, a, b).Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "TensorMath.Concat(1, a, b)",
        "Concat needs 'b' to be a multiple of C along axis 1, so that the lengths add up to one size, but it is [B, D]");

    [Fact]
    public void ADG0207_ConcatOfTensorsThatDifferOffTheAxis() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, C")] Tensor<float> a, [Shape("N, C")] Tensor<float> b) => TensorMath.Concat(1, a, b).Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "TensorMath.Concat(1, a, b)",
        "Concat needs 'b' to be [B, …], the shape of 'a' but along axis 1, but it is [N, C]");

    [Fact]
    public void ADG0204_UnsupportedRank_MatMulVectorWithBatchedRight() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("K")] Tensor<float> a, [Shape("B, K, N")] Tensor<float> b) => a.MatMul(b).Sum();
        }
        """, "ADG0204", DiagnosticSeverity.Error, "a.MatMul(b)", "MatMul needs a left operand of two or more axes when the right is 3-D, but 'a' is [K]");

    [Fact]
    public void ADG0204_UnsupportedRank_MatMulBatchedLeftWithVector() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, M, K")] Tensor<float> a, [Shape("K")] Tensor<float> v) => a.MatMul(v).Sum();
        }
        """, "ADG0204", DiagnosticSeverity.Error, "a.MatMul(v)", "MatMul needs a right operand of two or more axes when the left is 3-D, but 'v' is [K]");

    [Fact]
    public void ADG0204_UnsupportedRank() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("A, B, C")] Tensor<float> x) => x.Transpose().Sum();
        }
        """, "ADG0204", DiagnosticSeverity.Error, "x.Transpose()", "Transpose needs a 2-D tensor, but 'x' is [A, B, C]");

    [Fact]
    public void ADG0205_InBoxOperatorBroadcast()
    {
        // Without 'using AutoDiffGen;' the operator binds to System.Numerics.Tensors', which broadcasts wrongly.
        var run = GeneratorHarness.Run("""
            using System.Numerics.Tensors;
            public static partial class C
            {
                [AutoDiffGen.Differentiable]
                public static Tensor<float> Add([AutoDiffGen.Shape("N, 1")] Tensor<float> a, [AutoDiffGen.Shape("N, C")] Tensor<float> b) => a + b;
            }
            """);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("ADG0205", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("a + b", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal("'a + b' uses System.Numerics.Tensors' operator, which does not broadcast [N, 1] with [N, C] correctly; " +
            "add 'using AutoDiffGen;' so AutoDiffGen's broadcasting operators apply", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ADG0205_InBoxMethodBroadcast() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static Tensor<float> Add([Shape("N, 1")] Tensor<float> a, [Shape("N, C")] Tensor<float> b) => Tensor.Add<float>(a, b);
        }
        """, "ADG0205", DiagnosticSeverity.Error, "Tensor.Add<float>(a, b)",
        "'Tensor.Add<float>(a, b)' uses System.Numerics.Tensors' Tensor.Add, which does not broadcast [N, 1] with [N, C] correctly; write the operator instead, with 'using AutoDiffGen;' in scope");

    [Fact]
    public void ADG0206_InPlaceShapeChange() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, 1")] Tensor<float> a, [Shape("N, C")] Tensor<float> b)
            {
                var h = a * 2f;
                h += b;
                return h.Sum();
            }
        }
        """, "ADG0206", DiagnosticSeverity.Error, "h += b", "'h += b' would change the shape of 'h' from [N, 1] to [N, C]; an in-place operator keeps its left operand's shape");

    [Theory]
    [InlineData("10.0.0.0", true)]
    [InlineData("10.0.5.0", true)]
    [InlineData("11.0.0.0", false)]
    [InlineData(null, true)]
    public void ADG0205_OnlyWhereTheReferencedTensorsStillBroadcastWrongly(string? version, bool affected)
        => Assert.Equal(affected, AutoDiffGen.Generator.Parsing.TypeFacts.InBoxBroadcastsWrongly(version is null ? null : Version.Parse(version)));

    [Fact]
    public void ADG0207_IndexShapeMismatch() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, C")] Tensor<float> logits, [Shape("M")] Tensor<int> y) => logits.CrossEntropy(y);
        }
        """, "ADG0207", DiagnosticSeverity.Error, "logits.CrossEntropy(y)", "CrossEntropy needs 'y' to be [N], one index per row of 'logits' [N, C], but it is [M]");

    [Fact]
    public void ADG0207_MseOperandsOfDifferentShapes() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, 1")] Tensor<float> c, [Shape("1, 1, N, 1")] Tensor<float> u) => (c + c).Mse(u.Tanh());
        }
        """, "ADG0207", DiagnosticSeverity.Error, "(c + c).Mse(u.Tanh())", "Mse needs 'u.Tanh()' to be [N, 1], the shape of 'c + c', but it is [1, 1, N, 1]");

    [Fact]
    public void ADG0207_GainShapeMismatch() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, H")] Tensor<float> x, [Shape("K")] Tensor<float> gain, [Shape("H")] Tensor<float> bias)
                => x.BatchNorm(gain, bias).Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "x.BatchNorm(gain, bias)", "BatchNorm needs 'gain' to be [H] or [1, H], but it is [K]");

    [Fact]
    public void ADG0207_ReshapeCountMismatch() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, 3, E")] Tensor<float> x) => x.Reshape(x.Lengths[0], 2 * x.Lengths[2]).Sum();
        }
        """, "ADG0207", DiagnosticSeverity.Error, "x.Reshape(x.Lengths[0], 2 * x.Lengths[2])",
        "Reshape needs 'x' to be of 2*E*N elements to fit [N, 2*E], but it is [N, 3, E]");

    [Fact]
    public void ADG0208_ReshapeLength() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, int columns) => x.Reshape(-1, columns).Sum();
        }
        """, "ADG0208", DiagnosticSeverity.Error, "x.Reshape(-1, columns)",
        "The length 'columns' given to Reshape is neither a positive integer, -1, nor a product of tensor lengths such as x.Lengths[0]");

    [Fact]
    public void ADG0209_PermuteWithTooFewAxes() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, C")] Tensor<float> x) => x.Permute(1, 0).Sum();
        }
        """, "ADG0209", DiagnosticSeverity.Error, "x.Permute(1, 0)",
        "The axes (1, 0) given to Permute are not an order of the axes of 'x' of shape [B, T, C]: it needs each of its 3 axes once");

    [Fact]
    public void ADG0209_PermuteWithARepeatedAxis() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, C")] Tensor<float> x) => TensorMath.Permute(x, 0, -1, 2).Sum();
        }
        """, "ADG0209", DiagnosticSeverity.Error, "TensorMath.Permute(x, 0, -1, 2)",
        "The axes (0, -1, 2) given to Permute are not an order of the axes of 'x' of shape [B, T, C]: it needs each of its 3 axes once");

    [Fact]
    public void ADG0203_TransposeAxisOutOfRange() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, C")] Tensor<float> x) => x.Transpose(1, 3).Sum();
        }
        """, "ADG0203", DiagnosticSeverity.Error, "x.Transpose(1, 3)", "Axis 3 is out of range for 'x' of shape [B, T, C] (rank 3)");

    [Fact]
    public void ADG0104_PermuteAxisNotConstant() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("B, T, C")] Tensor<float> x, int axis) => x.Transpose(axis, 2).Sum();
        }
        """, "ADG0104", DiagnosticSeverity.Error, "axis", "The 'axis0' argument of 'Transpose' must be a compile-time constant");

    [Fact]
    public void ADG0203_LengthsIndexOutOfRange() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x) => x.Sum() / x.Lengths[2];
        }
        """, "ADG0203", DiagnosticSeverity.Error, "x.Lengths[2]", "Axis 2 is out of range for 'x' of shape [N, D] (rank 2)");

    [Fact]
    public void ADG0301_ParameterReadOnlyForItsSize() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [Shape("M")] Tensor<float> y) => x.Sum() / y.Lengths[0];
        }
        """, "ADG0301", DiagnosticSeverity.Warning, "[Shape(\"M\")] Tensor<float> y",
        "The result of 'Loss' does not depend on 'y', so its gradient is always zero; mark it [NoDiff] if it is data", generatesCode: true);

    [Fact]
    public void ADG0301_ResultIndependentOfParameter() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [Shape("N")] Tensor<float> unused) => x.Sum();
        }
        """, "ADG0301", DiagnosticSeverity.Warning, "[Shape(\"N\")] Tensor<float> unused",
        "The result of 'Loss' does not depend on 'unused', so its gradient is always zero; mark it [NoDiff] if it is data", generatesCode: true);

    [Fact]
    public void ADG0302_InPlaceOnAParameter() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [Shape("N")] Tensor<float> b)
            {
                x += b;
                return x.Sum();
            }
        }
        """, "ADG0302", DiagnosticSeverity.Error, "x += b",
        "'x += b' modifies the caller's tensor 'x' in place, but the caller would see the change while the gradient describes the original; write 'x = x + …' to compute a new tensor instead");

    [Fact]
    public void ADG0302_InPlaceOnAnAlias() => AssertDiagnostic("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x)
            {
                var h = x.Exp();
                var kept = h;
                h *= 2f;
                return (h * kept).Sum();
            }
        }
        """, "ADG0302", DiagnosticSeverity.Error, "h *= 2f",
        "'h *= 2f' modifies the tensor 'h' shares with 'kept' in place, but 'kept' would change too; write 'h = h * …' to compute a new tensor instead");

    [Fact]
    public void EveryDescriptorHasATestAHelpPageAndAReleaseEntry()
    {
        string root = RepositoryRoot();
        string tests = string.Concat(Directory.GetFiles(Path.Combine(root, "tests", "AutoDiffGen.Generator.Tests"), "*.cs").Select(File.ReadAllText));
        string releases = File.ReadAllText(Path.Combine(root, "generator", "AutoDiffGen.Generator", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Diagnostics.DiagnosticDescriptors.All)
        {
            Assert.True(tests.Contains($"void {descriptor.Id}_"), $"{descriptor.Id} has no test");
            Assert.True(File.Exists(Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md")), $"{descriptor.Id} has no help page");
            Assert.True(releases.Contains(descriptor.Id + " "), $"{descriptor.Id} is not in AnalyzerReleases.Unshipped.md");
            Assert.Equal($"docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
        }
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AutoDiffGen.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("AutoDiffGen.sln not found above the test output folder.");
    }
}
