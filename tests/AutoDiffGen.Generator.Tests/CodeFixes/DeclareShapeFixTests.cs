using Verify = AutoDiffGen.Generator.Tests.CodeFixes.CodeFixVerifier<AutoDiffGen.CodeFixes.DeclareShapeFix>;

namespace AutoDiffGen.Generator.Tests.CodeFixes;

public class DeclareShapeFixTests
{
    [Fact]
    public Task DeclaresTheShapeTheProductNeeds() => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, 3, E")] Tensor<float> emb, [Shape("K, H")] Tensor<float> W1)
            {
                var embcat = emb.Flatten(1);
                return {|ADG0201:embcat.MatMul(W1)|}.Sum();
            }
        }
        """, """
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, 3, E")] Tensor<float> emb, [Shape("3*E, H")] Tensor<float> W1)
            {
                var embcat = emb.Flatten(1);
                return embcat.MatMul(W1).Sum();
            }
        }
        """, title: "Declare 'W1' as [3*E, H]");

    [Fact]
    public Task DeclaresTheLeftOperandWhenOnlyItIsAParameter() => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, [Shape(dimensions: "H, C")] Tensor<float> w) => {|ADG0201:x.MatMul(w.Tanh())|}.Sum();
        }
        """, """
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, H")] Tensor<float> x, [Shape(dimensions: "H, C")] Tensor<float> w) => x.MatMul(w.Tanh()).Sum();
        }
        """, title: "Declare 'x' as [N, H]");

    [Fact]
    public Task OffersNothingForATransposeHint() => Verify.VerifyNoFixAsync("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, D")] Tensor<float> w) => {|ADG0201:x.MatMul(w)|}.Sum();
        }
        """);
}
