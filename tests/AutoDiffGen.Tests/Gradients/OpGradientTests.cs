using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// Every op's generated gradient against central finite differences of the user's own method in double, over
/// random sizes (including 1s and lengths that leave SIMD tails); the generated value against the method's own
/// value; and the float path against the double path.
/// </summary>
public class OpGradientTests
{
    private const int Trials = 3;

    private static IEnumerable<(Sizes Sizes, Tensor<double>[] Inputs, Tensor<double>? OutputGradient)> Trial(OpCase op, int seed)
    {
        var random = new Random(seed * 7919 + op.Name.Length);
        int[] lengths = [1, 2, 3, 5, 7, 9, 17];
        for (int trial = 0; trial < Trials; trial++)
        {
            var sizes = trial == 0 && op.Exact is { } exact
                ? exact
                : new Sizes(lengths[random.Next(lengths.Length)], lengths[random.Next(lengths.Length)], lengths[random.Next(2, lengths.Length)]);
            var inputs = op.Shapes(sizes).Select(shape => TestTensors.Random(random, shape, op.Domain)).ToArray();
            Tensor<double>? outputGradient = null;
            if (op.ReturnsTensor)
            {
                var shape = op.Eager(inputs).Lengths.ToArray().Select(l => (int)l).ToArray();
                outputGradient = TestTensors.Random(random, shape, v => v);
            }
            yield return (sizes, inputs, outputGradient);
        }
    }

    /// <summary>The scalar whose gradient a vector-Jacobian product is: Σ f(inputs) ⊙ outputGradient, or f itself.</summary>
    private static double Loss(OpCase op, Tensor<double>[] inputs, Tensor<double>? outputGradient)
    {
        var value = TestTensors.Values(op.Eager(inputs));
        if (outputGradient is null) return value[0];
        var weights = TestTensors.Values(outputGradient);
        double sum = 0;
        for (int i = 0; i < value.Length; i++) sum += value[i] * weights[i];
        return sum;
    }

    [Theory]
    [MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        var op = OpCases.Find(name);
        foreach (var (sizes, inputs, outputGradient) in Trial(op, 1))
        {
            var (_, gradients) = op.Double(inputs, outputGradient);
            for (int i = 0; i < inputs.Length; i++)
            {
                var numerical = GradientCheck.Numerical(x => Loss(op, x, outputGradient), inputs, i);
                GradientCheck.AssertClose(TestTensors.Values(gradients[i]), numerical, 1e-6, $"{name} input {i} at {sizes}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void GeneratedValueEqualsTheMethodsOwnValue(string name)
    {
        var op = OpCases.Find(name);
        foreach (var (sizes, inputs, outputGradient) in Trial(op, 2))
        {
            var eager = TestTensors.Values(op.Eager(inputs));
            var (value, _) = op.Double(inputs, outputGradient);
            GradientCheck.AssertClose(TestTensors.Values(value), eager, 1e-13, $"{name} value at {sizes}");
        }
    }

    [Theory]
    [MemberData(nameof(OpCases.Names), MemberType = typeof(OpCases))]
    public void FloatAgreesWithDouble(string name)
    {
        var op = OpCases.Find(name);
        foreach (var (sizes, inputs, outputGradient) in Trial(op, 3))
        {
            var (doubleValue, doubleGradients) = op.Double(inputs, outputGradient);
            var (singleValue, singleGradients) = op.Single(inputs.Select(TestTensors.ToSingle).ToArray(),
                outputGradient is null ? null : TestTensors.ToSingle(outputGradient));
            GradientCheck.AssertClose(TestTensors.Values(singleValue), TestTensors.Values(doubleValue), 1e-3, $"{name} value at {sizes}");
            for (int i = 0; i < inputs.Length; i++)
            {
                GradientCheck.AssertClose(TestTensors.Values(singleGradients[i]), TestTensors.Values(doubleGradients[i]), 1e-3,
                    $"{name} gradient {i} at {sizes}");
            }
        }
    }
}
