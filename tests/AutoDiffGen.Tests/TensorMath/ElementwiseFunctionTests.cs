using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

public class ElementwiseFunctionTests
{
    public enum Function { Exp, Log, Tanh, Sigmoid, Relu, Sqrt, Abs, Square, Sin, Cos, Pow }

    // Each function over the inputs where its reference is meaningful; Pow with exponents taking each of its paths
    // (repeated multiplication, reciprocal, square root, exp-log).
    public static TheoryData<Function, double, double, double> Cases()
    {
        var data = new TheoryData<Function, double, double, double>
        {
            { Function.Exp, -10, 10, 0 },
            { Function.Log, 0.01, 10, 0 },
            { Function.Tanh, -0.1, 0.1, 0 },  // the polynomial branch
            { Function.Tanh, -6, 6, 0 },
            { Function.Sigmoid, -20, 20, 0 },
            { Function.Relu, -3, 3, 0 },
            { Function.Sqrt, 0, 100, 0 },
            { Function.Abs, -3, 3, 0 },
            { Function.Square, -3, 3, 0 },
            { Function.Sin, -3, 3, 0 },
            { Function.Cos, -1.5, 1.5, 0 },
            { Function.Pow, -3, 3, 2 },
            { Function.Pow, -3, 3, 3 },
            { Function.Pow, 0.5, 3, -2 },
            { Function.Pow, 0, 10, 0.5 },
            { Function.Pow, 0.1, 10, 2.5 },
            { Function.Pow, 0.1, 10, -1.5 },
            { Function.Pow, -3, 3, 0 },
        };
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void FunctionsMatchTheMathReference(Function function, double low, double high, double exponent)
    {
        // 67 elements: full registers of every width and a scalar tail; [3, 23]: the same through a 2-D shape.
        CheckAgainstReference<float>(function, [67], low, high, exponent, 1e-6);
        CheckAgainstReference<float>(function, [3, 23], low, high, exponent, 1e-6);
        CheckAgainstReference<double>(function, [67], low, high, exponent, 2e-15);
        CheckAgainstReference<double>(function, [3, 23], low, high, exponent, 2e-15);
    }

    // Sin and Cos are left out: the in-box vector Sin and Cos move a whole register to another argument reduction
    // when any lane is large, so a lane's last bit depends on its neighbours, not only on its own value.
    public static TheoryData<Function, double, double, double> LaneIndependentCases()
    {
        var data = new TheoryData<Function, double, double, double>();
        foreach (var row in Cases())
        {
            var (function, low, high, exponent) = ((Function)row[0], (double)row[1], (double)row[2], (double)row[3]);
            if (function is not (Function.Sin or Function.Cos)) data.Add(function, low, high, exponent);
        }
        return data;
    }

    [Theory, MemberData(nameof(LaneIndependentCases))]
    public void EveryElementIsTheSimdLaneValue(Function function, double low, double high, double exponent)
    {
        // The generated fused loops compute through the same ISimd functions: an eager result must equal the lane.
        CheckLanes<float>(function, low, high, exponent);
        CheckLanes<double>(function, low, high, exponent);
    }

    [Fact]
    public void SpecialValuesFollowMath()
    {
        double[] inputs = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, -1.0];
        var x = Tensor.Create(inputs, [inputs.Length]);
        AssertSame(inputs, Math.Exp, x.Exp());
        AssertSame(inputs, Math.Log, x.Log());
        AssertSame(inputs, Math.Tanh, x.Tanh());
        AssertSame(inputs, Math.Sqrt, x.Sqrt());
        AssertSame(inputs, Math.Abs, x.Abs());
        AssertSame(inputs, v => double.IsNaN(v) ? v : Math.Max(v, 0), x.Relu());
        AssertSame(inputs, v => 1 / (1 + Math.Exp(-v)), x.Sigmoid());
    }

    [Fact]
    public void OnlyFloatAndDoubleAreSupported()
    {
        var half = Tensor.Create(new[] { (Half)1, (Half)2 }, [2]);
        var exception = Assert.Throws<NotSupportedException>(() => half.Exp());
        Assert.Contains("Tensor<Half>", exception.Message);
        Assert.Throws<NotSupportedException>(() => half.Pow((Half)2));
    }

    [Fact]
    public void NullInputThrows()
    {
        Tensor<float> none = null!;
        Assert.Throws<ArgumentNullException>(() => none.Tanh());
        Assert.Throws<ArgumentNullException>(() => none.Pow(2f));
    }

    [Fact]
    public void TheInputIsLeftUnchanged()
    {
        var x = Random<float>(1, [4, 5]);
        float[] original = Values(x);
        var y = x.Exp();
        Assert.NotSame(x, y);
        Assert.Equal(original, Values(x));
    }

    private static void CheckAgainstReference<T>(Function function, int[] shape, double low, double high, double exponent, double relative)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Random<T>(shape.Length * 100 + (int)function, shape, low, high);
        var y = Apply(function, x, T.CreateTruncating(exponent));
        Assert.Equal(shape, Shape(y));
        double[] expected = Array.ConvertAll(Doubles(x), v => Reference(function, v, exponent));
        AssertWithin(expected, y, i => relative * Math.Abs(expected[i]));
    }

    private static void CheckLanes<T>(Function function, double low, double high, double exponent)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Random<T>(7 + (int)function, [101], low, high);
        T p = T.CreateTruncating(exponent);
        T[] results = Values(Apply(function, x, p));
        T[] inputs = Values(x);
        for (int i = 0; i < inputs.Length; i++)
        {
            T lane = Lane(function, SimdScalar<T>.Splat(inputs[i]), p).Value.ToScalar();
            Assert.True(lane.Equals(results[i]), $"{function}({inputs[i]}): eager {results[i]}, lane {lane}");
        }
    }

    private static void AssertSame(double[] inputs, Func<double, double> reference, Tensor<double> actual)
    {
        double[] values = Values(actual);
        for (int i = 0; i < inputs.Length; i++)
            Assert.True(reference(inputs[i]).Equals(values[i]), $"f({inputs[i]}) = {values[i]}, expected {reference(inputs[i])}");
    }

    private static Tensor<T> Apply<T>(Function function, Tensor<T> x, T exponent) where T : unmanaged, IFloatingPointIeee754<T>
        => function switch
        {
            Function.Exp => x.Exp(),
            Function.Log => x.Log(),
            Function.Tanh => x.Tanh(),
            Function.Sigmoid => x.Sigmoid(),
            Function.Relu => x.Relu(),
            Function.Sqrt => x.Sqrt(),
            Function.Abs => x.Abs(),
            Function.Square => x.Square(),
            Function.Sin => x.Sin(),
            Function.Cos => x.Cos(),
            _ => x.Pow(exponent),
        };

    private static TSimd Lane<TSimd, T>(Function function, TSimd x, T exponent)
        where TSimd : struct, ISimd<TSimd, T>
        where T : unmanaged, IFloatingPointIeee754<T>
        => function switch
        {
            Function.Exp => TSimd.Exp(x),
            Function.Log => TSimd.Log(x),
            Function.Tanh => TSimd.Tanh(x),
            Function.Sigmoid => TSimd.Sigmoid(x),
            Function.Relu => TSimd.Relu(x),
            Function.Sqrt => TSimd.Sqrt(x),
            Function.Abs => TSimd.Abs(x),
            Function.Square => TSimd.Square(x),
            Function.Sin => TSimd.Sin(x),
            Function.Cos => TSimd.Cos(x),
            _ => TSimd.Pow(x, exponent),
        };

    private static double Reference(Function function, double x, double exponent) => function switch
    {
        Function.Exp => Math.Exp(x),
        Function.Log => Math.Log(x),
        Function.Tanh => Math.Tanh(x),
        Function.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Function.Relu => Math.Max(x, 0),
        Function.Sqrt => Math.Sqrt(x),
        Function.Abs => Math.Abs(x),
        Function.Square => x * x,
        Function.Sin => Math.Sin(x),
        Function.Cos => Math.Cos(x),
        _ => Math.Pow(x, exponent),
    };
}
