using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// Loops differentiated as loops: each form that cannot be reported where it is written, with its message; and
/// generated code that does not grow with the trip count.
/// </summary>
public class LoopTests
{
    private const string Usings = "using System;\nusing System.Numerics.Tensors;\nusing AutoDiffGen;\n";

    private static void AssertDiagnostic(string body, string id, string spanText, string message, string parameters = """[Shape("N, C")] Tensor<float> x, [Shape("L, C, C")] Tensor<float> w""")
    {
        var run = GeneratorHarness.Run(Usings + $$"""
            public static partial class C
            {
                [Differentiable]
                public static float Loss({{parameters}})
                {
            {{body}}
                }
            }
            """);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(spanText, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "ADG0102" or "ADG0900");
    }

    [Fact]
    public void ADG0106_BreakLeavesTheLoopEarly() => AssertDiagnostic("""
                for (int l = 0; l < w.Lengths[0]; l++)
                {
                    x = x + x.MatMul(w.Layer(l)).Tanh();
                    if (l == 2) break;
                }
                return x.Sum();
        """, "ADG0106", "break;",
        "'break;' cannot be differentiated as a loop: a differentiated loop runs every one of its iterations to the end; its trip count cannot depend on the data");

    [Fact]
    public void ADG0106_AWhileLoop() => AssertDiagnostic("""
                int l = 0;
                while (l < 3) { x = x.Tanh(); l++; }
                return x.Sum();
        """, "ADG0106", "while (l < 3) { x = x.Tanh(); l++; }",
        "A 'while' loop cannot be differentiated as a loop: only a counting loop is, for (int l = 0; l < count; l++), whose count is a constant or a tensor's length");

    [Fact]
    public void ADG0106_AForeachLoop() => AssertDiagnostic("""
                foreach (var k in new[] { 1, 2 }) x = x.Tanh();
                return x.Sum();
        """, "ADG0106", "foreach (var k in new[] { 1, 2 }) x = x.Tanh();",
        "A 'foreach' loop cannot be differentiated as a loop: only a counting loop is, for (int l = 0; l < count; l++), whose count is a constant or a tensor's length");

    [Fact]
    public void ADG0106_ACountingDown() => AssertDiagnostic("""
                for (int l = 2; l >= 0; l--) x = x.Tanh();
                return x.Sum();
        """, "ADG0106", "for (int l = 2; l >= 0; l--) x = x.Tanh();",
        "This 'for' loop cannot be differentiated as a loop: write it as for (int l = 0; l < count; l++), counting up by one from 0 to a constant or a tensor's length");

    [Fact]
    public void ADG0106_ADataDependentCount() => AssertDiagnostic("""
                for (int l = 0; l < steps; l++) x = x.Tanh();
                return x.Sum();
        """, "ADG0106", "for (int l = 0; l < steps; l++) x = x.Tanh();",
        "This loop cannot be differentiated as a loop: its count 'steps' is not a size the shapes know; count to a positive constant or a tensor's length, such as w.Lengths[0]",
        parameters: """[Shape("N, C")] Tensor<float> x, int steps""");

    [Fact]
    public void ADG0106_TwoCarriedValues() => AssertDiagnostic("""
                var y = x;
                for (int l = 0; l < 3; l++) { x = x.Tanh(); y = y * x; }
                return y.Sum();
        """, "ADG0106", "for (int l = 0; l < 3; l++) { x = x.Tanh(); y = y * x; }",
        "This loop cannot be differentiated as a loop: it assigns 'x', 'y', declared before it; a loop carries one tensor from each iteration to the next");

    [Fact]
    public void ADG0106_ACarriedScalar() => AssertDiagnostic("""
                float total = 0;
                for (int l = 0; l < 3; l++) total = total + x.Sum();
                return total;
        """, "ADG0106", "for (int l = 0; l < 3; l++) total = total + x.Sum();",
        "This loop cannot be differentiated as a loop: it carries the scalar 'total'; a loop carries one tensor from each iteration to the next");

    [Fact]
    public void ADG0106_ANestedLoop() => AssertDiagnostic("""
                for (int l = 0; l < 3; l++)
                {
                    for (int k = 0; k < 2; k++) x = x.Tanh();
                }
                return x.Sum();
        """, "ADG0106", "for (int k = 0; k < 2; k++) x = x.Tanh();",
        "A loop inside a loop cannot be differentiated as a loop: the body of a differentiated loop runs straight through; move the inner loop into a [Differentiable] method of its own, outside this loop, or write its steps out");

    [Fact]
    public void ADG0106_ACountFromOne() => AssertDiagnostic("""
                for (int l = 1; l < 3; l++) x = x.MatMul(w.Layer(l - 1));
                return x.Sum();
        """, "ADG0106", "for (int l = 1; l < 3; l++) x = x.MatMul(w.Layer(l - 1));",
        "This 'for' loop cannot be differentiated as a loop: write it as for (int l = 0; l < count; l++), counting up by one from 0 to a constant or a tensor's length");

    [Fact]
    public void ADG0106_ALayerOfAnotherIndex() => AssertDiagnostic("""
                for (int l = 0; l < w.Lengths[0]; l++) x = x.MatMul(w.Layer(0));
                return x.Sum();
        """, "ADG0106", "w.Layer(0)",
        "'w.Layer(0)' cannot be differentiated as a loop: inside the loop, a stack declared before it is read at the counter itself, as w.Layer(l)");

    [Fact]
    public void ADG0106_AssigningTheCounter() => AssertDiagnostic("""
                for (int l = 0; l < 4; l++) { x = x.Tanh(); l += 1; }
                return x.Sum();
        """, "ADG0106", "l",
        "Assigning the counter 'l' cannot be differentiated as a loop: the counter steps by one each iteration and nothing else changes it");

    [Fact]
    public void ADG0210_TheCarriedTensorChangesShape() => AssertDiagnostic("""
                for (int l = 0; l < w.Lengths[0]; l++) x = x.MatMul(w.Layer(l)).Tanh();
                return x.Sum();
        """, "ADG0210", "for (int l = 0; l < w.Lengths[0]; l++) x = x.MatMul(w.Layer(l)).Tanh();",
        "The loop over 'l' must give 'x' back in the shape it comes in, [N, C], for the next iteration, but gives [N, D]",
        parameters: """[Shape("N, C")] Tensor<float> x, [Shape("L, C, D")] Tensor<float> w""");

    [Fact]
    public void ADG0210_AStackOfAnotherLength() => AssertDiagnostic("""
                for (int l = 0; l < 3; l++) x = x.MatMul(w.Layer(l)).Tanh();
                return x.Sum();
        """, "ADG0210", "for (int l = 0; l < 3; l++) x = x.MatMul(w.Layer(l)).Tanh();",
        "The loop over 'l' runs 3 times, so 'w'.Layer(l) needs a stack of 3 layers along its first axis, but it is [L, C, C]");

    [Fact]
    public void ADG0302_TheCarriedTensorModifiedInPlace() => AssertDiagnostic("""
                var h = x.Tanh();
                for (int l = 0; l < w.Lengths[0]; l++) h += h.MatMul(w.Layer(l)).Tanh();
                return h.Sum();
        """, "ADG0302", "h += h.MatMul(w.Layer(l)).Tanh()",
        "'h += h.MatMul(w.Layer(l)).Tanh()' modifies the tensor 'h' carried into the loop in place, but the tensor it held before the loop would change too; write 'h = h + …' to compute a new tensor instead");

    [Fact]
    public void ADG0302_ASharedTensorModifiedInPlace() => AssertDiagnostic("""
                var v = x.Tanh();
                for (int l = 0; l < w.Lengths[0]; l++)
                {
                    var t = v;
                    t += x;
                    x = t.MatMul(w.Layer(l));
                }
                return x.Sum();
        """, "ADG0302", "t += x",
        "'t += x' modifies the tensor 'v' from before the loop in place, but the next iteration would read it changed; write 't = t + …' to compute a new tensor instead");

    [Fact]
    public void ADG0201_AShapeErrorInsideTheBodyIsReportedOnItsExpression() => AssertDiagnostic("""
                for (int l = 0; l < w.Lengths[0]; l++) x = x + w.Layer(l).MatMul(x);
                return x.Sum();
        """, "ADG0201", "w.Layer(l).MatMul(x)",
        "MatMul inner dimensions differ: 'w.Layer(l)' is [C, C] but 'x' is [N, C] (C ≠ N); 'x' transposed would fit: w.Layer(l).MatMul(x.Transpose())");

    /// <summary>A residual stack of <paramref name="layers"/> blocks, each with its layer of the stacked weights; gain is shared by all.</summary>
    internal static string Layered(string layers) => Usings + $$"""
        namespace Demo;

        public static partial class Deep
        {
            [Differentiable]
            public static Tensor<float> Block([Shape("N, C")] Tensor<float> x, [Shape("C, C")] Tensor<float> w, [Shape("C")] Tensor<float> b)
                => x + (x.MatMul(w) + b).Gelu();

            [Differentiable]
            public static float Loss([Shape("N, C")] Tensor<float> x, [Shape("{{layers}}, C, C")] Tensor<float> w, [Shape("{{layers}}, C")] Tensor<float> b,
                [Shape("C")] Tensor<float> gain)
            {
                for (int l = 0; l < w.Lengths[0]; l++)
                    x = Block(x, w.Layer(l), b.Layer(l)) * gain;
                return x.Square().Mean();
            }
        }
        """;

    [Fact]
    public void TheCodeForTwelveLayersIsTheCodeForTwo()
    {
        string Generated(string layers)
        {
            var (result, _) = GeneratorHarness.RunClean(Layered(layers));
            return result.GeneratedSources.Single(s => s.HintName.Contains("Loss")).SourceText.ToString();
        }
        string two = Generated("2"), twelve = Generated("12");
        // Only the literal differs: it sizes the per-layer storage and bounds the loop, once each place it is written.
        Assert.Equal(two, twelve.Replace("12", "2"));
        Assert.True(twelve.Length - two.Length <= twelve.Split("12").Length, $"{twelve.Length} vs {two.Length} characters");
        Assert.Equal(two.Split('\n').Length, twelve.Split('\n').Length);
    }
}
