using Verify = AutoDiffGen.Generator.Tests.CodeFixes.CodeFixVerifier<AutoDiffGen.CodeFixes.AddShapeFix>;

namespace AutoDiffGen.Generator.Tests.CodeFixes;

public class AddShapeFixTests
{
    private const string Rank1 = "AddShapeFix.Rank1", Rank2 = "AddShapeFix.Rank2", Rank3 = "AddShapeFix.Rank3";

    [Theory]
    [InlineData(Rank1, "N")]
    [InlineData(Rank2, "N, D")]
    [InlineData(Rank3, "N, D, H")]
    public Task AddsAShapeOfTheChosenRank(string rank, string dimensions) => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable] public static float Loss(Tensor<float> {|ADG0005:x|}) => x.Sum();
        }
        """, $$"""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("{{dimensions}}")] Tensor<float> x) => x.Sum();
        }
        """, rank, title: $"Add [Shape(\"{dimensions}\")] to 'x'");

    [Fact]
    public Task TakesSymbolsNoOtherShapeOfTheMethodUses() => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, Tensor<float> {|ADG0005:w|}, [Shape("3*H")] Tensor<float> b, float C)
                => x.Sum() + w.Sum() + b.Sum() * C;
        }
        """, """
        public static partial class C
        {
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("K, M")] Tensor<float> w, [Shape("3*H")] Tensor<float> b, float C)
                => x.Sum() + w.Sum() + b.Sum() * C;
        }
        """, Rank2);

    [Fact]
    public Task JoinsAnAttributeListThatIsThere() => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [NoDiff] Tensor<float> {|ADG0005:y|}) => x.Sum();
        }
        """, """
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N")] Tensor<float> x, [NoDiff, Shape("D")] Tensor<float> y) => x.Sum();
        }
        """, Rank1);

    [Fact]
    public Task ParametersFixedTogetherGetSymbolsOfTheirOwn() => Verify.VerifyAsync("""
        public static partial class C
        {
            [Differentiable] public static float Loss(Tensor<float> {|ADG0005:x|}, Tensor<float> {|ADG0005:w|}) => x.Sum() + w.Sum();
        }
        """, """
        public static partial class C
        {
            [Differentiable] public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("H, C")] Tensor<float> w) => x.Sum() + w.Sum();
        }
        """, Rank2);

    [Fact]
    public Task WritesTheNamespaceWhereItIsNotInScope()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpCodeFixTest<AutoDiffAnalyzer, AutoDiffGen.CodeFixes.AddShapeFix, Microsoft.CodeAnalysis.Testing.DefaultVerifier>
        {
            TestCode = """
                using System.Numerics.Tensors;
                public static partial class C
                {
                    [AutoDiffGen.Differentiable] public static float Loss(Tensor<float> {|ADG0005:x|}) => AutoDiffGen.TensorMath.Sum(x);
                }
                """,
            FixedCode = """
                using System.Numerics.Tensors;
                public static partial class C
                {
                    [AutoDiffGen.Differentiable] public static float Loss([AutoDiffGen.Shape("N")] Tensor<float> x) => AutoDiffGen.TensorMath.Sum(x);
                }
                """,
            CodeActionEquivalenceKey = Rank1,
        };
        return Infrastructure.OfflineTestState.Configure(test).RunAsync();
    }
}
