using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;

namespace AutoDiffGen.Tests.Nn;

public class MseTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(67)]
    [InlineData(1000)]
    public void KernelIsTheMeanSquaredDifference(int length)
    {
        Check<float>(length);
        Check<double>(length);
    }

    [Fact]
    public void EmptySpansHaveNoMeanAndLengthsMustAgree()
    {
        Assert.True(float.IsNaN(MseKernel.Forward<float>([], [])));
        Assert.Equal("b", Assert.Throws<ArgumentException>(() => MseKernel.Forward<float>(new float[3], new float[4])).ParamName);
    }

    [Theory]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 4, 17 })]
    [InlineData(new[] { 2, 3, 11 })]
    public void EagerMseIsTheKernel(int[] shape)
    {
        int count = shape.Aggregate(1, (p, n) => p * n);
        var lengths = Array.ConvertAll(shape, n => (nint)n);
        var a = Tensor.Create(To<float>(Uniform(1, count)), lengths);
        var b = Tensor.Create(To<float>(Uniform(2, count)), lengths);
        Assert.Equal(MseKernel.Forward<float>(a.ToArray(), b.ToArray()), a.Mse(b));
        Assert.Equal(MseKernel.Forward<float>(a.ToArray(), b.ToArray()), a.Mse(TensorMathOps.TensorTestData.Strided(b)));
    }

    [Fact]
    public void EagerMseNamesBothShapesWhenTheyDiffer()
    {
        var a = Tensor.Create(new double[6], [2, 3]);
        var b = Tensor.Create(new double[6], [3, 2]);
        var exception = Assert.Throws<ArgumentException>(() => a.Mse(b));
        Assert.Contains("a is [2, 3] and b is [3, 2]", exception.Message);
        Assert.Throws<ArgumentNullException>(() => a.Mse(null!));
    }

    private static void Check<T>(int length) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] a = To<T>(Uniform(length, length)), b = To<T>(Uniform(length + 1, length));
        T mse = MseKernel.Forward<T>(a, b);
        double[] x = ToDouble(a), y = ToDouble(b);
        double expected = x.Zip(y, (p, q) => (p - q) * (p - q)).Average();
        AssertWithin([expected], [mse], _ => (length + 4) * UnitRoundoff<T>() * expected);
    }
}
