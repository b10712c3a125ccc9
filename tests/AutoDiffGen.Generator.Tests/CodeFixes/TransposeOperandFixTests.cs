using Verify = AutoDiffGen.Generator.Tests.CodeFixes.CodeFixVerifier<AutoDiffGen.CodeFixes.TransposeOperandFix>;

namespace AutoDiffGen.Generator.Tests.CodeFixes;

public class TransposeOperandFixTests
{
    [Fact]
    public Task TransposesTheRightOperand() => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, D")] Tensor<float> w) => {|ADG0201:x.MatMul(w)|}.Sum();
        }
        """, """
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, D")] Tensor<float> w) => x.MatMul(w.Transpose()).Sum();
        }
        """, title: "Transpose 'w'");

    [Fact]
    public Task TransposesTheLeftOperandInParentheses() => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("D, N")] Tensor<float> a, [Shape("D, N")] Tensor<float> b, [Shape("D, H")] Tensor<float> w)
                => {|ADG0201:(a + b).MatMul(w)|}.Sum();
        }
        """, """
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("D, N")] Tensor<float> a, [Shape("D, N")] Tensor<float> b, [Shape("D, H")] Tensor<float> w)
                => (a + b).Transpose().MatMul(w).Sum();
        }
        """, title: "Transpose '(a + b)'");

    [Fact]
    public Task DropsATransposeRatherThanAddingOne() => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w2) => {|ADG0201:x.MatMul(w2.Transpose())|}.Sum();
        }
        """, """
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w2) => x.MatMul(w2).Sum();
        }
        """, title: "Drop the transpose of 'w2'");

    [Fact]
    public Task FollowsNamedArgumentsOfTheStaticCall() => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, D")] Tensor<float> w) => {|ADG0201:TensorMath.MatMul(b: w, a: x)|}.Sum();
        }
        """, """
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, D")] Tensor<float> w) => TensorMath.MatMul(b: w.Transpose(), a: x).Sum();
        }
        """);

    [Fact]
    public Task OffersNothingWhereTheProductIsInsideAnInlinedCall() => Verify.VerifyNoFixAsync("""
        public static partial class C
        {
            [Differentiable]
            public static Tensor<float> Layer([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w) => x.MatMul(w).Tanh();

            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, D")] Tensor<float> w) => {|ADG0201:Layer(x, w)|}.Sum();
        }
        """);
}
