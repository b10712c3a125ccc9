using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Nn;

// The kernels run on float and double lanes only; another IEEE type is refused up front rather than failing deep
// inside a SIMD loop.
public class KernelElementTypeTests
{
    [Fact]
    public void HalfIsRefusedByEveryKernel()
    {
        var x = new Half[6];
        var one = new Half[2];
        int[] indices = [0, 1];
        Assert.Throws<NotSupportedException>(() => MaxKernel.Forward<Half>(x, one, new int[2], 2, 3, 1));
        Assert.Throws<NotSupportedException>(() => MaxKernel.Backward<Half>(one, indices, x, 2, 3, 1));
        Assert.Throws<NotSupportedException>(() => SoftmaxKernel.Softmax<Half>(x, new Half[6], 2, 3, 1));
        Assert.Throws<NotSupportedException>(() => SoftmaxKernel.LogSoftmax<Half>(x, new Half[6], 2, 3, 1));
        Assert.Throws<NotSupportedException>(() => SoftmaxKernel.LogSumExp<Half>(x, one, 2, 3, 1));
        Assert.Throws<NotSupportedException>(() => GatherKernel.Embedding<Half>(x, indices, new Half[6], 2, 3));
        Assert.Throws<NotSupportedException>(() => GatherKernel.EmbeddingBackward<Half>(x, indices, new Half[6], 2, 3));
        Assert.Throws<NotSupportedException>(() => GatherKernel.Pick<Half>(x, indices, one, 2, 3));
        Assert.Throws<NotSupportedException>(() => GatherKernel.PickBackward<Half>(one, indices, x, 2, 3));
        Assert.Throws<NotSupportedException>(() => CrossEntropyKernel.Forward<Half>(x, indices, one, 2, 3));
        Assert.Throws<NotSupportedException>(() => CrossEntropyKernel.Backward<Half>(x, indices, one, Half.One, new Half[6], 2, 3));
        Assert.Throws<NotSupportedException>(() => BatchNormKernel.Forward<Half>(x, new Half[3], new Half[3], new Half[6], new Half[6], new Half[3], 2, 3, Half.Epsilon, 0));
        Assert.Throws<NotSupportedException>(() => BatchNormKernel.Backward<Half>(x, new Half[6], new Half[3], new Half[3], new Half[6], [], [], 2, 3, 0));
        Assert.Throws<NotSupportedException>(() => LayerNormKernel.Forward<Half>(x, new Half[3], new Half[3], new Half[6], new Half[6], one, 2, 3, Half.Epsilon));
        Assert.Throws<NotSupportedException>(() => LayerNormKernel.Backward<Half>(x, new Half[6], one, new Half[3], new Half[6], [], [], 2, 3));
        Assert.Throws<NotSupportedException>(() => VarianceKernel.Forward<Half>(x, [], one, 2, 3, 1, 1));
        Assert.Throws<NotSupportedException>(() => MseKernel.Forward<Half>(x, x));
    }
}
