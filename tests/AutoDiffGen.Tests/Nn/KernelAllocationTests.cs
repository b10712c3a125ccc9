using AutoDiffGen.Kernels;
using AutoDiffGen.Tests.Gradients;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

// The kernels run inside the training loop's backward pass, which allocates nothing in steady state.
public class KernelAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void EveryKernelRunsWithoutAllocating(int inner)
    {
        const int count = 32, classes = 27, features = 67;
        double[] x = Uniform(1, count * classes * inner), logits = Uniform(2, count * classes), table = Uniform(3, classes * features);
        double[] batch = Uniform(4, count * features), gain = Uniform(5, features, 0.5, 2), bias = Uniform(6, features);
        int[] targets = Indices(7, count, classes), argmax = new int[count * inner];
        double[] perRow = new double[count * inner], sameAsX = new double[x.Length], rows = new double[count * features];
        double[] xhat = new double[count * features], dx = new double[count * features], dGain = new double[features], dBias = new double[features];
        double[] invStdPerFeature = new double[features], invStdPerRow = new double[count], dLogits = new double[logits.Length], dTable = new double[table.Length];

        void RunAll()
        {
            MaxKernel.Forward<double>(x, perRow, argmax, count, classes, inner);
            MaxKernel.Backward<double>(perRow, argmax, sameAsX, count, classes, inner);
            SoftmaxKernel.Softmax<double>(x, sameAsX, count, classes, inner);
            SoftmaxKernel.LogSoftmax<double>(x, sameAsX, count, classes, inner);
            SoftmaxKernel.LogSumExp<double>(x, perRow, count, classes, inner);
            VarianceKernel.Forward<double>(x, [], perRow, count, classes, inner, 1);
            IndexCheck.InRange(targets, classes, "targets");
            GatherKernel.Embedding<double>(table, targets, rows, classes, features);
            GatherKernel.EmbeddingBackward<double>(rows, targets, dTable, classes, features);
            GatherKernel.Pick<double>(logits, targets, perRow.AsSpan(0, count), count, classes);
            GatherKernel.PickBackward<double>(perRow.AsSpan(0, count), targets, dLogits, count, classes);
            double loss = CrossEntropyKernel.Forward<double>(logits, targets, invStdPerRow, count, classes);
            CrossEntropyKernel.Backward<double>(logits, targets, invStdPerRow, loss, dLogits, count, classes);
            BatchNormKernel.Forward<double>(batch, gain, bias, rows, xhat, invStdPerFeature, count, features, 1e-5, 1);
            BatchNormKernel.Backward<double>(rows, xhat, invStdPerFeature, gain, dx, dGain, dBias, count, features, 1);
            LayerNormKernel.Forward<double>(batch, gain, bias, rows, xhat, invStdPerRow, count, features, 1e-5);
            LayerNormKernel.Backward<double>(rows, xhat, invStdPerRow, gain, dx, dGain, dBias, count, features);
            MseKernel.Forward<double>(batch, rows);
        }

        RunAll();
        SteadyStateAllocation.AssertNone(RunAll);
    }

    [Fact]
    public void LayoutAndAttentionKernelsRunWithoutAllocating()
    {
        // Each path of the permutation (row copies, a batch of transposes, a strided gather) and attention both ways.
        const int b = 2, t = 8, h = 3, d = 4;
        double[] x = Uniform(8, b * t * h * d), y = new double[x.Length];
        double[] q = Uniform(9, b * h * t * d), k = Uniform(10, b * h * t * d), v = Uniform(11, b * h * t * d);
        double[] output = new double[q.Length], lse = new double[b * h * t], dq = new double[q.Length], dk = new double[k.Length], dv = new double[v.Length];

        void RunAll()
        {
            PermuteKernel.Permute<double>(x, y, [b, t, h, d], [0, 2, 1, 3]);
            PermuteKernel.Permute<double>(x, y, [b, t, h, d], [0, 1, 3, 2]);
            PermuteKernel.Permute<double>(x, y, [b, t, h, d], [3, 1, 0, 2]);
            TransposeKernel.Transpose<double>(x, y, b * t, h * d);
            AttentionKernel.Forward<double>(q, k, v, output, lse, b * h, t, t, d, d, 0.5, causal: true);
            AttentionKernel.Backward<double>(q, k, v, lse, output, dq, dk, dv, b * h, t, t, d, d, 0.5, causal: true);
        }

        RunAll();
        SteadyStateAllocation.AssertNone(RunAll);
    }
}
