using AutoDiffGen.CodeFixes;
using Verify = AutoDiffGen.Generator.Tests.CodeFixes.CodeFixVerifier<AutoDiffGen.CodeFixes.MakeMethodStaticFix>;

namespace AutoDiffGen.Generator.Tests.CodeFixes;

public class MakeMethodStaticFixTests
{
    [Fact]
    public Task AddsStaticAfterTheAccessibility() => Verify.VerifyAsync("""
        public partial class C
        {
            [Differentiable] public float {|ADG0001:Loss|}([Shape("N")] Tensor<float> x) => x.Sum();
        }
        """, """
        public partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
        }
        """, title: "Make 'Loss' static");

    [Fact]
    public Task MakesBothPartsOfAPartialMethodStatic() => Verify.VerifyAsync("""
        public partial class C
        {
            [Differentiable] public partial float Loss([Shape("N")] Tensor<float> x);
            public partial float {|ADG0001:Loss|}(Tensor<float> x) => x.Square().Sum();
        }
        """, """
        public partial class C
        {
            [Differentiable] public static partial float Loss([Shape("N")] Tensor<float> x);
            public static partial float Loss(Tensor<float> x) => x.Square().Sum();
        }
        """);
}
