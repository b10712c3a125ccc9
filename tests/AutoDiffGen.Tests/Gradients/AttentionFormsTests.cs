using System.Numerics.Tensors;
using System.Reflection;
using D = AutoDiffGen.Tests.Gradients.DoubleOps;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>Attention written out (MatMul, causal Softmax, MatMul) and as the fused op: the same numbers, different saved state.</summary>
public class AttentionFormsTests
{
    private static Tensor<double>[] Inputs(int a, int t, int c, int seed)
    {
        var random = new Random(seed);
        return [TestTensors.Random(random, [a, 2, t, c], v => v), TestTensors.Random(random, [a, 2, t, c], v => v),
            TestTensors.Random(random, [a, 2, t, c], v => v), TestTensors.Random(random, [c, 3], v => v)];
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 5, 3)]
    [InlineData(3, 70, 4)]
    public void TheFusedOpGivesTheWrittenOutNumbers(int a, int t, int c)
    {
        var x = Inputs(a, t, c, seed: a * 100 + t);
        var writtenOut = new D.CausalAttentionGradients();
        var fused = new D.FusedCausalAttentionGradients();
        double expected = D.CausalAttentionBackward(x[0], x[1], x[2], x[3], writtenOut);
        double actual = D.FusedCausalAttentionBackward(x[0], x[1], x[2], x[3], fused);

        Assert.Equal(expected, actual, 1e-12);
        Assert.Equal(expected, D.FusedCausalAttention(x[0], x[1], x[2], x[3]), 1e-12);
        foreach (var (name, e, f) in new[] { ("q", writtenOut.Q, fused.Q), ("k", writtenOut.K, fused.K), ("v", writtenOut.V, fused.V), ("proj", writtenOut.Proj, fused.Proj) })
            GradientCheck.AssertClose(TestTensors.Values(f), TestTensors.Values(e), 1e-12, "d" + name);
    }

    [Fact]
    public void TheFusedOpKeepsNoWeightMatrix()
    {
        // Doubling T doubles what the fused form keeps (q, k, v, the output and one log Σ exp per row), while the
        // written-out form also keeps the [A, 2, T, T] weights, which grow four times.
        long Fused(int t)
        {
            var x = Inputs(2, t, 4, seed: t);
            var gradients = new D.FusedCausalAttentionGradients();
            D.FusedCausalAttentionBackward(x[0], x[1], x[2], x[3], gradients);
            return WorkspaceElements(gradients);
        }
        long WrittenOut(int t)
        {
            var x = Inputs(2, t, 4, seed: t);
            var gradients = new D.CausalAttentionGradients();
            D.CausalAttentionBackward(x[0], x[1], x[2], x[3], gradients);
            return WorkspaceElements(gradients);
        }

        Assert.InRange(Fused(256) / (double)Fused(128), 1.9, 2.1);
        Assert.InRange(WrittenOut(256) / (double)WrittenOut(128), 3.5, 4.1);
        Assert.True(Fused(256) * 10 < WrittenOut(256), $"fused {Fused(256)} elements, written out {WrittenOut(256)}");
    }

    /// <summary>The elements of every array a generated gradients object holds: its workspace, gradients included.</summary>
    private static long WorkspaceElements(object gradients)
        => gradients.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Where(f => f.FieldType.IsArray)
            .Sum(f => (long)(((Array?)f.GetValue(gradients))?.Length ?? 0));
}
