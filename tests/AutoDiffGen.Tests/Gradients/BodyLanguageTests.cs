using System.Buffers;
using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

public static partial class BodyLanguage
{
    [Differentiable]
    public static double Reassigned([Shape("N, D")] Tensor<double> x, [Shape("D")] Tensor<double> b)
    {
        var h = x * 2.0;
        h = h.Tanh();
        h = h + b;
        h = h * h;
        return h.Mean();
    }

    [Differentiable]
    public static double InPlace([Shape("N, D")] Tensor<double> x, [Shape("D")] Tensor<double> b, double s)
    {
        var h = x.Sigmoid();
        h += b;
        h *= s;
        h -= x;
        h /= 3.0;
        return h.Square().Sum();
    }

    [Differentiable]
    public static Tensor<double> Layer([Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w, [Shape("H")] Tensor<double> b)
        => (x.MatMul(w) + b).Tanh();

    [Differentiable]
    public static double TwoLayers([Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w1, [Shape("H")] Tensor<double> b1,
        [Shape("H, C")] Tensor<double> w2, [Shape("C")] Tensor<double> b2)
        => Layer(Layer(x, w1, b1), w2, b2).Sum();

#pragma warning disable ADG0301 // The point of this method: 'unused' gets a zero gradient.
    [Differentiable]
    public static double IgnoresAParameter([Shape("N")] Tensor<double> x, [Shape("N")] Tensor<double> unused) => x.Square().Sum();
#pragma warning restore ADG0301

    [Differentiable]
    public static double Mlp([Shape("N, D")] Tensor<double> x, [Shape("D, H")] Tensor<double> w1, [Shape("H")] Tensor<double> b1,
        [Shape("H, C")] Tensor<double> w2, [NoDiff][Shape("N, C")] Tensor<double> y)
    {
        var h = (x.MatMul(w1) + b1).Relu();
        var prediction = h.MatMul(w2);
        return (prediction - y).Square().Mean();
    }
}

/// <summary>The method-body language: locals, reassignment, in-place operators, inlined calls, and gradient reuse.</summary>
public class BodyLanguageTests
{
    private static void CheckAll(Func<Tensor<double>[], double> loss, Tensor<double>[] inputs, Tensor<double>[] gradients, string name)
    {
        Assert.Equal(loss(inputs), loss(inputs));
        for (int i = 0; i < gradients.Length; i++)
            GradientCheck.AssertClose(TestTensors.Values(gradients[i]), GradientCheck.Numerical(loss, inputs, i), 1e-6, $"{name} input {i}");
    }

    [Fact]
    public void ReassignedLocalsAreNewValues()
    {
        var random = new Random(1);
        var inputs = new[] { TestTensors.Random(random, [4, 5], v => v), TestTensors.Random(random, [5], v => v) };
        var (value, g) = BodyLanguage.ReassignedValueAndGradients(inputs[0], inputs[1]);

        Assert.Equal(BodyLanguage.Reassigned(inputs[0], inputs[1]), value, 1e-13);
        CheckAll(t => BodyLanguage.Reassigned(t[0], t[1]), inputs, [g.X, g.B], "Reassigned");
    }

    [Fact]
    public void CompoundAssignmentToAFreshLocalIsDifferentiated()
    {
        var random = new Random(2);
        var inputs = new[] { TestTensors.Random(random, [3, 7], v => v), TestTensors.Random(random, [7], v => v), TestTensors.Scalar(0.7) };
        double S(Tensor<double> t) => TestTensors.Values(t)[0];
        var (value, g) = BodyLanguage.InPlaceValueAndGradients(inputs[0], inputs[1], S(inputs[2]));

        Assert.Equal(BodyLanguage.InPlace(inputs[0], inputs[1], S(inputs[2])), value, 1e-13);
        CheckAll(t => BodyLanguage.InPlace(t[0], t[1], S(t[2])), inputs, [g.X, g.B, TestTensors.Scalar(g.S)], "InPlace");
    }

    [Fact]
    public void CallsToDifferentiableMethodsAreInlined()
    {
        var random = new Random(3);
        var inputs = new[]
        {
            TestTensors.Random(random, [6, 4], v => v), TestTensors.Random(random, [4, 5], v => v), TestTensors.Random(random, [5], v => v),
            TestTensors.Random(random, [5, 3], v => v), TestTensors.Random(random, [3], v => v),
        };
        var (value, g) = BodyLanguage.TwoLayersValueAndGradients(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]);

        Assert.Equal(BodyLanguage.TwoLayers(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]), value, 1e-12);
        CheckAll(t => BodyLanguage.TwoLayers(t[0], t[1], t[2], t[3], t[4]), inputs, [g.X, g.W1, g.B1, g.W2, g.B2], "TwoLayers");
    }

    [Fact]
    public void AParameterTheResultIgnoresGetsAZeroGradient()
    {
        var x = Tensor.Create(new double[] { 1, 2, 3 }, [3]);
        var unused = Tensor.Create(new double[] { 4, 5, 6 }, [3]);
        var (_, g) = BodyLanguage.IgnoresAParameterValueAndGradients(x, unused);

        Assert.Equal(new double[] { 0, 0, 0 }, TestTensors.Values(g.Unused));
        Assert.Equal(new double[] { 2, 4, 6 }, TestTensors.Values(g.X));
    }

    [Fact]
    public void GradientsAreOverwrittenInTheSameTensorsNotAccumulated()
    {
        var random = new Random(4);
        var inputs = new[] { TestTensors.Random(random, [8, 3], v => v), TestTensors.Random(random, [3, 6], v => v), TestTensors.Random(random, [6], v => v),
            TestTensors.Random(random, [6, 2], v => v), TestTensors.Random(random, [8, 2], v => v) };
        var gradients = new BodyLanguage.MlpGradients();

        BodyLanguage.MlpBackward(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], gradients);
        var first = gradients.W1;
        var firstValues = TestTensors.Values(first);
        BodyLanguage.MlpBackward(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], gradients);

        Assert.Same(first, gradients.W1);
        Assert.Equal(firstValues, TestTensors.Values(gradients.W1));
        CheckAll(t => BodyLanguage.Mlp(t[0], t[1], t[2], t[3], t[4]), inputs, [gradients.X, gradients.W1, gradients.B1, gradients.W2], "Mlp");
    }

    [Fact]
    public void NewShapesReallocateAndStayCorrect()
    {
        var gradients = new BodyLanguage.MlpGradients();
        foreach (var (n, d, h, c) in new[] { (8, 3, 6, 2), (2, 5, 4, 3), (8, 3, 6, 2) })
        {
            var random = new Random(n * d + h * c);
            var inputs = new[] { TestTensors.Random(random, [n, d], v => v), TestTensors.Random(random, [d, h], v => v), TestTensors.Random(random, [h], v => v),
                TestTensors.Random(random, [h, c], v => v), TestTensors.Random(random, [n, c], v => v) };
            double value = BodyLanguage.MlpBackward(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], gradients);

            Assert.Equal(BodyLanguage.Mlp(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4]), value, 1e-12);
            Assert.Equal([d, h], gradients.W1.Lengths.ToArray().Select(l => (int)l));
            CheckAll(t => BodyLanguage.Mlp(t[0], t[1], t[2], t[3], t[4]), inputs, [gradients.X, gradients.W1, gradients.B1, gradients.W2], $"Mlp {n}x{d}x{h}x{c}");
        }
    }

    [Fact]
    public void NonDenseArgumentsGiveTheSameGradientsAsDenseCopies()
    {
        var random = new Random(5);
        var wide = TestTensors.Random(random, [8, 6], v => v);
        var x = wide.Slice([NRange.All, new NRange(1, 4)]);     // [8, 3], strided
        Assert.False(x.IsDense);
        var dense = TestTensors.Copy(x.ToDenseTensor());
        var rest = new[] { TestTensors.Random(random, [3, 6], v => v), TestTensors.Random(random, [6], v => v),
            TestTensors.Random(random, [6, 2], v => v), TestTensors.Random(random, [8, 2], v => v) };

        var (viewValue, fromView) = BodyLanguage.MlpValueAndGradients(x, rest[0], rest[1], rest[2], rest[3]);
        var (denseValue, fromDense) = BodyLanguage.MlpValueAndGradients(dense, rest[0], rest[1], rest[2], rest[3]);

        Assert.Equal(denseValue, viewValue);
        Assert.Equal(TestTensors.Values(fromDense.X), TestTensors.Values(fromView.X));
        Assert.Equal(TestTensors.Values(fromDense.W1), TestTensors.Values(fromView.W1));
    }

    [Fact]
    public void BackwardAllocatesNothingOnceTheBuffersFit()
    {
        var random = new Random(6);
        var inputs = new[] { TestTensors.Random(random, [32, 10], v => v), TestTensors.Random(random, [10, 16], v => v), TestTensors.Random(random, [16], v => v),
            TestTensors.Random(random, [16, 4], v => v), TestTensors.Random(random, [32, 4], v => v) };
        var gradients = new BodyLanguage.MlpGradients();
        for (int i = 0; i < 3; i++) BodyLanguage.MlpBackward(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], gradients);

        SteadyStateAllocation.AssertNone(() => BodyLanguage.MlpBackward(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], gradients));
    }
}
