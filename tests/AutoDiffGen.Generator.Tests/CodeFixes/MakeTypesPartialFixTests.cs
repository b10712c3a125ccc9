using Verify = AutoDiffGen.Generator.Tests.CodeFixes.CodeFixVerifier<AutoDiffGen.CodeFixes.MakeTypesPartialFix>;

namespace AutoDiffGen.Generator.Tests.CodeFixes;

public class MakeTypesPartialFixTests
{
    [Fact]
    public Task MakesTheTypePartial() => Verify.VerifyAsync("""
        public static class C
        {
            [Differentiable] public static float {|ADG0002:Loss|}([Shape("N")] Tensor<float> x) => x.Sum();
        }
        """, """
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
        }
        """, title: "Make 'C' partial");

    [Fact]
    public Task MakesEveryNonPartialTypeOfTheChainPartial() => Verify.VerifyAsync("""
        namespace Models
        {
            public class Outer
            {
                public partial class Middle
                {
                    internal sealed record Inner(int Size)
                    {
                        [Differentiable] public static float {|ADG0002:{|ADG0002:Loss|}|}([Shape("N")] Tensor<float> x) => x.Sum();
                    }
                }
            }
        }
        """, """
        namespace Models
        {
            public partial class Outer
            {
                public partial class Middle
                {
                    internal sealed partial record Inner(int Size)
                    {
                        [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
                    }
                }
            }
        }
        """, title: "Make 'Outer' and 'Inner' partial");

    [Fact]
    public Task FixesEveryMethodOfTheTypeAtOnce() => Verify.VerifyAsync("""
        public static class C
        {
            [Differentiable] public static float {|ADG0002:Loss|}([Shape("N")] Tensor<float> x) => x.Sum();
            [Differentiable] public static double {|ADG0002:F|}(double x) => x * x;
        }
        """, """
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x) => x.Sum();
            [Differentiable] public static double F(double x) => x * x;
        }
        """);
}
