using AutoDiffGen.Generator.Tests.Infrastructure;

namespace AutoDiffGen.Generator.Tests;

/// <summary>
/// The generated code of representative methods, pinned as snapshots: any change to what users read shows up as a
/// diff to review. Each also has to compile without warnings.
/// </summary>
public class SnapshotTests
{
    private static void VerifyGenerated(string source, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var (result, _) = GeneratorHarness.RunClean(source);
        Assert.NotEmpty(result.GeneratedSources);
        foreach (var generated in result.GeneratedSources)
            Snapshot.Verify(generated.SourceText.ToString(), generated.HintName, test: test);
    }

    private const string Usings = """
        using System;
        using System.Numerics.Tensors;
        using AutoDiffGen;

        """;

    [Fact]
    public void MlpWithTanhAndMeanSquaredError() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Mlp
        {
            [Differentiable]
            public static float Loss(
                [Shape("N, D")] Tensor<float> x,
                [Shape("D, H")] Tensor<float> w1,
                [Shape("H")] Tensor<float> b1,
                [Shape("H, C")] Tensor<float> w2,
                [NoDiff, Shape("N, C")] Tensor<float> y)
            {
                var h = (x.MatMul(w1) + b1).Tanh();
                var prediction = h.MatMul(w2);
                return (prediction - y).Square().Mean();
            }
        }
        """);

    [Fact]
    public void LinearLayerOverSequence() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Sequence
        {
            [Differentiable]
            public static float Loss([Shape("B, T, C")] Tensor<float> x, [Shape("C, D")] Tensor<float> w, [Shape("E, D")] Tensor<float> v)
                => x.MatMul(w).Tanh().MatMul(v.Transpose()).Sum();
        }
        """);

    [Fact]
    public void LinearRegression() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Regression
        {
            [Differentiable]
            public static double Loss([NoDiff, Shape("M, D")] Tensor<double> x, [Shape("D")] Tensor<double> theta, [NoDiff, Shape("M")] Tensor<double> y)
            {
                var residual = x.MatMul(theta) - y;
                return residual.Square().Sum() / (2.0 * x.Lengths[0]);
            }
        }
        """);

    [Fact]
    public void BroadcastingVectorJacobianProduct() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Broadcast
        {
            [Differentiable]
            public static Tensor<float> Add([Shape("A, 1, B, 1")] Tensor<float> a, [Shape("C, 1, 1")] Tensor<float> b) => a + b;
        }
        """);

    [Fact]
    public void FunctionOfScalars() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Functions
        {
            [Differentiable]
            public static double Rosenbrock(double x, double y, [NoDiff] double a)
            {
                var first = a - x;
                var second = y - x * x;
                return first * first + 100 * second * second;
            }
        }
        """);

    [Fact]
    public void ReductionsAlongAxes() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Statistics
        {
            [Differentiable]
            public static double CenteredEnergy([Shape("N, D")] Tensor<double> x)
            {
                var centered = x - x.Mean(axis: 0, keepDims: true);
                var rowEnergy = centered.Square().Sum(axis: 1);
                return rowEnergy.Sqrt().Mean();
            }
        }
        """);

    [Fact]
    public void AttentionHeadsSplitByPermute() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Heads
        {
            // [B, T, C] split into H heads of d: [B, H, T, d], scaled per head, and merged back.
            [Differentiable]
            public static float Mixed([Shape("B, T, 4, D")] Tensor<float> x, [Shape("4, 1, 1")] Tensor<float> scale)
            {
                var heads = x.Permute(0, 2, 1, 3);
                var scaled = (heads * scale).Tanh();
                return scaled.Transpose(1, 2).Square().Mean();
            }
        }
        """);

    [Fact]
    public void AttentionAsBatchedMatrixProducts() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Attention
        {
            // Scaled dot-product attention written out: the scores and the weighted values are batched products over
            // [B, H], k's transpose is a GEMM flag, and the output projection is one GEMM over every row.
            [Differentiable]
            public static float Loss([Shape("B, H, T, D")] Tensor<float> q, [Shape("B, H, T, D")] Tensor<float> k, [Shape("B, H, T, D")] Tensor<float> v,
                [Shape("D, C")] Tensor<float> proj)
            {
                var weights = (q.MatMul(k.Transpose(2, 3)) * 0.125f).Softmax(3);
                return weights.MatMul(v).MatMul(proj).Square().Mean();
            }
        }
        """);

    [Fact]
    public void LoopOverStackedLayers() => VerifyGenerated(LoopTests.Layered("L"));

    [Fact]
    public void HeadCountAsAnArgument() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Heads
        {
            // [Shape("H")] binds H from the int; the width H*D then binds D, and Reshape(…, heads, -1) splits it.
            [Differentiable]
            public static Tensor<float> Split([Shape("B, T, H*D")] Tensor<float> x, [Shape("H")] int heads)
            {
                var b = x.Lengths[0];
                var t = x.Lengths[1];
                return x.Reshape(b, t, heads, -1).Permute(0, 2, 1, 3).Softmax(-1);
            }
        }
        """);

    [Fact]
    public void TiedEmbeddingGradientsAddInPlace() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Tied
        {
            // The embedding is the output projection too: its two gradients, the rows scattered and the product Gᵀ·h,
            // go into one buffer, the product added in place by the GEMM.
            [Differentiable]
            public static float Loss([Shape("B, T")] Tensor<int> tokens, [Shape("B*T")] Tensor<int> targets, [Shape("V, C")] Tensor<float> embedding)
            {
                var b = tokens.Lengths[0];
                var t = tokens.Lengths[1];
                return embedding.Embedding(tokens).Tanh().MatMul(embedding.Transpose()).Reshape(b * t, -1).CrossEntropy(targets);
            }
        }
        """);

    [Fact]
    public void RecurrenceOverTimeSteps() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Rnn
        {
            [Differentiable]
            public static double Loss([Shape("T, B, E")] Tensor<double> inputs, [Shape("B, H")] Tensor<double> start, [Shape("E, H")] Tensor<double> wx,
                [Shape("H, H")] Tensor<double> wh, [Shape("H, C")] Tensor<double> wy, [Shape("B")] Tensor<int> targets)
            {
                var h = start;
                for (int t = 0; t < inputs.Lengths[0]; t++)
                    h = (inputs.Layer(t).MatMul(wx) + h.MatMul(wh)).Tanh();
                return h.MatMul(wy).CrossEntropy(targets);
            }
        }
        """);

    [Fact]
    public void TransformerBlock() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Gpt
        {
            // A pre-norm block: one qkv projection narrowed into q, k and v, heads by reshape and permutation, causal
            // attention as batched products, the heads merged, the projection and residual; LayerNorm, GELU MLP, residual.
            [Differentiable]
            public static float Block([Shape("B, T, 4*D")] Tensor<float> x,
                [Shape("4*D")] Tensor<float> ln1Gain, [Shape("4*D")] Tensor<float> ln1Bias,
                [Shape("4*D, 12*D")] Tensor<float> qkvW, [Shape("12*D")] Tensor<float> qkvB, [Shape("4*D, 4*D")] Tensor<float> projW,
                [Shape("4*D")] Tensor<float> ln2Gain, [Shape("4*D")] Tensor<float> ln2Bias,
                [Shape("4*D, 16*D")] Tensor<float> fcW, [Shape("16*D, 4*D")] Tensor<float> outW)
            {
                var b = x.Lengths[0];
                var t = x.Lengths[1];
                var c = x.Lengths[2];
                var qkv = x.LayerNorm(ln1Gain, ln1Bias).MatMul(qkvW) + qkvB;
                var q = qkv.Narrow(2, 0, c).Reshape(b, t, 4, -1).Permute(0, 2, 1, 3);
                var k = qkv.Narrow(2, c, c).Reshape(b, t, 4, -1).Permute(0, 2, 1, 3);
                var v = qkv.Narrow(2, 2 * c, c).Reshape(b, t, 4, -1).Permute(0, 2, 1, 3);
                var weights = (q.MatMul(k.Transpose(2, 3)) * 0.125f).Softmax(-1, causal: true);
                var heads = weights.MatMul(v).Permute(0, 2, 1, 3).Reshape(b, t, c);
                var h = x + heads.MatMul(projW);
                var y = h + h.LayerNorm(ln2Gain, ln2Bias).MatMul(fcW).Gelu().MatMul(outW);
                return y.Square().Mean();
            }
        }
        """);

    [Fact]
    public void FusedAttentionKeepsOnlyTheLogSumExp() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Heads
        {
            // The fused op: the forward kernel keeps one log Σ exp per query row, the backward kernel recomputes the
            // weights from it and writes dq, dk and dv; no [B, H, T, T] matrix is kept.
            [Differentiable]
            public static float Loss([Shape("B, H, T, D")] Tensor<float> q, [Shape("B, H, T, D")] Tensor<float> k, [Shape("B, H, T, D")] Tensor<float> v,
                [Shape("D, D")] Tensor<float> proj)
                => TensorMath.ScaledDotProductAttention(q, k, v, causal: true).MatMul(proj).Square().Mean();
        }
        """);

    [Fact]
    public void SelectionsFuseIntoOneLoop() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Gates
        {
            // Clamp, Maximum, Where over a [NoDiff] mask and MaskedFill over a comparison: elementwise, so the forward
            // is one loop and each adjoint a masked copy of G.
            [Differentiable]
            public static float Loss([Shape("N, D")] Tensor<float> x, [Shape("D")] Tensor<float> b, [NoDiff][Shape("N, D")] Tensor<float> keep)
            {
                var h = (x + b).Clamp(-1f, 1f);
                var gated = TensorMath.Where(keep, h.Maximum(x), 0f);
                return gated.MaskedFill(x.LessThan(0), 0.5f).Square().Mean();
            }
        }
        """);

    [Fact]
    public void TransposesFoldIntoTheMatrixProduct() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Bilinear
        {
            [Differentiable]
            public static double Form([Shape("K, M")] Tensor<double> a, [Shape("N, K")] Tensor<double> b, [Shape("M")] Tensor<double> u, [Shape("N")] Tensor<double> v)
                => u.Dot(a.Transpose().MatMul(b.Transpose()).MatMul(v));
        }
        """);

    [Fact]
    public void InlinedDifferentiableCalls() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Network
        {
            [Differentiable]
            public static Tensor<float> Dense([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w, [Shape("H")] Tensor<float> b)
                => (x.MatMul(w) + b).Relu();

            [Differentiable]
            public static float Score([Shape("N, D")] Tensor<float> x, [Shape("D, H")] Tensor<float> w1, [Shape("H")] Tensor<float> b1, [Shape("H")] Tensor<float> v)
                => Dense(x, w1, b1).MatMul(v).Sigmoid().Sum();
        }
        """);

    [Fact]
    public void InPlaceOperatorsAndConstantScalars() => VerifyGenerated(Usings + """
        namespace Demo;

        public static partial class Scaling
        {
            [Differentiable]
            public static float Normalized([Shape("N, D")] Tensor<float> x, [Shape("D")] Tensor<float> shift, float gain, int steps, [NoDiff] float temperature)
            {
                var h = x.Exp();
                h -= shift;
                h *= gain / temperature;
                h /= x.Lengths[1] * steps;
                return h.Pow(3).Mean();
            }
        }
        """);

    [Fact]
    public void NestedGenericContainingTypes() => VerifyGenerated(Usings + """
        public partial class Outer<TTag>
        {
            internal partial struct Inner
            {
                [Differentiable]
                internal static double Energy([Shape("N")] Tensor<double> q, [Shape("N, N")] Tensor<double> k)
                    => 0.5 * q.Dot(k.MatMul(q)) + q.Abs().Sum();
            }
        }
        """);

    private const string MakemoreParameters = """
                [Shape("N, 3")] Tensor<int> x, [Shape("N")] Tensor<int> y,
                [Shape("V, E")] Tensor<double> c,
                [Shape("3*E, H")] Tensor<double> w1, [Shape("H")] Tensor<double> b1,
                [Shape("H, V")] Tensor<double> w2, [Shape("V")] Tensor<double> b2,
                [Shape("1, H")] Tensor<double> bngain, [Shape("1, H")] Tensor<double> bnbias
        """;

    [Fact]
    public void MakemoreOpByOp() => VerifyGenerated(Usings + """
        namespace Makemore;

        public static partial class Network
        {
            [Differentiable]
            public static double Loss(
        """ + MakemoreParameters + """
        )
            {
                var n = x.Lengths[0];
                var emb = c.Embedding(x);
                var embcat = emb.Reshape(n, -1);
                var hprebn = embcat.MatMul(w1) + b1;
                var bnmeani = 1.0 / n * hprebn.Sum(axis: 0, keepDims: true);
                var bndiff = hprebn - bnmeani;
                var bndiff2 = bndiff.Pow(2);
                var bnvar = 1.0 / (n - 1) * bndiff2.Sum(axis: 0, keepDims: true);
                var bnvarInv = (bnvar + 1e-5).Pow(-0.5);
                var bnraw = bndiff * bnvarInv;
                var hpreact = bngain * bnraw + bnbias;
                var h = hpreact.Tanh();
                var logits = h.MatMul(w2) + b2;
                var logitMaxes = logits.Max(axis: 1, keepDims: true);
                var normLogits = logits - logitMaxes;
                var counts = normLogits.Exp();
                var countsSum = counts.Sum(axis: 1, keepDims: true);
                var countsSumInv = countsSum.Pow(-1);
                var probs = counts * countsSumInv;
                var logprobs = probs.Log();
                return -logprobs.Pick(y).Mean();
            }
        }
        """);

    [Fact]
    public void MakemoreFused() => VerifyGenerated(Usings + """
        namespace Makemore;

        public static partial class Network
        {
            [Differentiable]
            public static double Loss(
        """ + MakemoreParameters + """
        )
            {
                var emb = c.Embedding(x).Flatten(1);
                var hpreact = (emb.MatMul(w1) + b1).BatchNorm(bngain, bnbias, 1e-5, correction: 1);
                var logits = hpreact.Tanh().MatMul(w2) + b2;
                return logits.CrossEntropy(y);
            }
        }
        """);
}
