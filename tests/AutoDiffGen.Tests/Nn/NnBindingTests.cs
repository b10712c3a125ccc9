using System.Linq;
using System.Linq.Expressions;
using System.Numerics.Tensors;
using AutoDiffGen;

// Outside the AutoDiffGen namespace, as user code is: TensorMath competes with System.Linq and with the in-box
// System.Numerics.Tensors extension members on equal terms.
namespace AutoDiffGenUsage.Tests;

public class NnBindingTests
{
    [Fact]
    public void MaxWithoutAnAxisStaysLinqAndWithAnAxisIsTensorMath()
    {
        Expression<Func<Tensor<float>, float>> all = t => t.Max();
        Expression<Func<Tensor<float>, Tensor<float>>> alongAxis = t => t.Max(0, false);
        Assert.Equal(typeof(Enumerable), ((MethodCallExpression)all.Body).Method.DeclaringType);
        Assert.Equal(typeof(TensorMath), ((MethodCallExpression)alongAxis.Body).Method.DeclaringType);

        var x = Tensor.Create(new float[] { 1, 7, 3, 4 }, [2, 2]);
        Assert.Equal(7f, x.Max());
        Assert.Equal(new float[] { 3, 7 }, x.Max(0).ToArray());
    }

    [Fact]
    public void ReshapeWithASpanOfLengthsIsTheCopyingOneNotTheInBoxView()
    {
        // Tensor.Reshape(Tensor<T>, ReadOnlySpan<nint>) returns a view; written as a collection, an array or a span,
        // the lengths would make the call ambiguous without TensorMath's float and double overloads.
        var x = Tensor.Create(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        ReadOnlySpan<nint> lengths = [3, 2];
        Tensor<float>[] results = [x.Reshape([3, 2]), x.Reshape(new nint[] { 3, 2 }), x.Reshape(lengths), x.Reshape(3, 2), x.Reshape(-1, 2)];
        foreach (var result in results)
        {
            Assert.Equal(new nint[] { 3, 2 }, result.Lengths.ToArray());
            result.Fill(0f);
        }
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, x.ToArray());

        var y = Tensor.Create(new double[] { 1, 2, 3, 4 }, [4]);
        var reshaped = y.Reshape([2, -1]);
        reshaped.Fill(0.0);
        Assert.Equal(new double[] { 1, 2, 3, 4 }, y.ToArray());
    }

    [Fact]
    public void SoftmaxIsAlongAnAxisUnlikeTheInBoxSoftMax()
    {
        var x = Tensor.Create(new double[] { 0, 0, 5, 5 }, [2, 2]);
        Assert.Equal(new double[] { 0.5, 0.5, 0.5, 0.5 }, x.Softmax(1).ToArray());
        Assert.Equal(new double[] { 0.5, 0.5, 0.5, 0.5 }, x.Softmax(-1).ToArray());
    }
}
