using System.Linq;
using System.Linq.Expressions;
using System.Numerics.Tensors;
using AutoDiffGen;

// Deliberately outside the AutoDiffGen namespace: user code sees TensorMath only through 'using AutoDiffGen;', side
// by side with System.Linq and System.Numerics.Tensors, whose generic operators and extension methods compete.
namespace AutoDiffGenUsage.Tests;

public class BindingTests
{
    [Fact]
    public void TensorOperatorsBindToTheBroadcastingOnes()
    {
        // The in-box generic operator returns a [1, 3] tensor here; ours broadcasts to [2, 3].
        var a = Tensor.Create(new float[] { 1, 2 }, [2, 1]);
        var b = Tensor.Create(new float[] { 10, 20, 30 }, [1, 3]);
        var sum = a + b;
        Assert.Equal(new nint[] { 2, 3 }, sum.Lengths.ToArray());
        Assert.Equal(new float[] { 11, 21, 31, 12, 22, 32 }, sum.ToArray());

        var c = Tensor.Create(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var d = Tensor.Create(new double[] { 1, 2 }, [2, 1]);
        var difference = c - d;
        Assert.Equal(new nint[] { 2, 3 }, difference.Lengths.ToArray());
        Assert.Equal(new double[] { 0, 1, 2, 2, 3, 4 }, difference.ToArray());
    }

    [Fact]
    public void CompoundAssignmentBindsToTheInPlaceOperator()
    {
        // Without an in-place operator, 'x += y' would mean 'x = x + y' and rebind x to a new tensor.
        var x = Tensor.Create(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Tensor<float> before = x;
        x += Tensor.Create(new float[] { 10, 20, 30 }, [3]);
        Assert.Same(before, x);
        Assert.Equal(new float[] { 11, 22, 33, 14, 25, 36 }, x.ToArray());
    }

    [Fact]
    public void SumAndMeanBindToTensorMathRatherThanLinq()
    {
        Expression<Func<Tensor<float>, float>> floatSum = t => t.Sum();
        Expression<Func<Tensor<double>, double>> doubleSum = t => t.Sum();
        Expression<Func<Tensor<float>, float>> mean = t => t.Mean();
        Assert.Equal(typeof(TensorMath), ((MethodCallExpression)floatSum.Body).Method.DeclaringType);
        Assert.Equal(typeof(TensorMath), ((MethodCallExpression)doubleSum.Body).Method.DeclaringType);
        Assert.Equal(typeof(TensorMath), ((MethodCallExpression)mean.Body).Method.DeclaringType);

        var x = Tensor.Create(new float[] { 1, 2, 3, 4 }, [2, 2]);
        Assert.Equal(10f, x.Sum());
    }

    [Fact]
    public void LinqCallsKeepTheirMeaning()
    {
        // A selector overload and Average are LINQ's alone: TensorMath adds no name that would capture them.
        Expression<Func<Tensor<float>, float>> selected = t => t.Sum(v => v * 2);
        Expression<Func<Tensor<float>, float>> average = t => t.Average();
        Assert.Equal(typeof(Enumerable), ((MethodCallExpression)selected.Body).Method.DeclaringType);
        Assert.Equal(typeof(Enumerable), ((MethodCallExpression)average.Body).Method.DeclaringType);
    }
}
