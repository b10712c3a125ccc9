using System.Numerics;
using System.Numerics.Tensors;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

public class OperatorTests
{
    public enum Operator { Add, Subtract, Multiply, Divide }

    public static TheoryData<Operator, int[], int[], int[]> BroadcastCases()
    {
        (int[] Left, int[] Right, int[] Result)[] shapes =
        [
            ([2, 3], [2, 3], [2, 3]),                   // equal shapes: no broadcasting
            ([5, 1, 4, 1], [3, 1, 1], [5, 3, 4, 1]),    // both operands repeated, on alternating axes
            ([1], [3, 1, 7], [3, 1, 7]),                // a one-element tensor against a higher rank
            ([2, 1], [1, 3], [2, 3]),                   // an outer product
            ([4, 37], [4, 1], [4, 37]),                 // [N, C] - [N, 1]: one value per row, rows longer than a register
            ([6, 19], [19], [6, 19]),                   // a bias row added to every row
            ([19], [6, 19], [6, 19]),                   // the same with the operands swapped
            ([3, 4, 5], [3, 1, 5], [3, 4, 5]),          // a middle axis repeated: rows of the right operand reused
            ([6, 1, 5], [1, 7, 1], [6, 7, 5]),          // each operand repeated where the other is not
            ([2, 3, 4, 5], [1, 3, 4, 1], [2, 3, 4, 5]), // merging [3, 4] into one canonical axis
            ([1, 1], [1], [1, 1]),                      // a single element
            ([0, 3], [1, 3], [0, 3]),                   // an empty result
            ([2, 1, 2, 1, 2, 1, 2, 1], [1, 2, 1, 2, 1, 2, 1, 2], [2, 2, 2, 2, 2, 2, 2, 2]), // rank 8, the highest
        ];
        var data = new TheoryData<Operator, int[], int[], int[]>();
        foreach (Operator op in Enum.GetValues<Operator>())
            foreach (var (left, right, result) in shapes) data.Add(op, left, right, result);
        return data;
    }

    [Theory, MemberData(nameof(BroadcastCases))]
    public void TensorOperatorsBroadcastExactly(Operator op, int[] leftShape, int[] rightShape, int[] resultShape)
    {
        CheckTensorOperator<float>(op, leftShape, rightShape, resultShape, (a, b) => Apply(op, a, b));
        CheckTensorOperator<double>(op, leftShape, rightShape, resultShape, (a, b) => Apply(op, a, b));
    }

    public static TheoryData<Operator, int[]> ScalarCases()
    {
        var data = new TheoryData<Operator, int[]>();
        foreach (Operator op in Enum.GetValues<Operator>())
        {
            data.Add(op, [5]);
            data.Add(op, [3, 37]);
            data.Add(op, [2, 3, 4, 1, 2, 1, 3, 2, 2]); // rank 9: a scalar operand needs no broadcasting limit
        }
        return data;
    }

    [Theory, MemberData(nameof(ScalarCases))]
    public void ScalarOperatorsApplyToEveryElementOnEitherSide(Operator op, int[] shape)
    {
        CheckScalarOperator<float>(op, shape, 1.75f, (a, s) => Apply(op, a, s), (s, a) => Apply(op, s, a));
        CheckScalarOperator<double>(op, shape, -0.6, (a, s) => Apply(op, a, s), (s, a) => Apply(op, s, a));
    }

    [Theory]
    [InlineData(new[] { 7 })]
    [InlineData(new[] { 4, 33 })]
    public void NegationFlipsEverySign(int[] shape)
    {
        var f = Random<float>(1, shape);
        AssertExact(Array.ConvertAll(Doubles(f), v => -v), -f);
        var d = Random<double>(2, shape);
        AssertExact(Array.ConvertAll(Doubles(d), v => -v), -d);
    }

    [Fact]
    public void EqualShapesOfAnyRankCombineElementwise()
    {
        int[] shape = [2, 1, 2, 1, 2, 1, 2, 1, 2, 3]; // rank 10: equal shapes need no broadcasting limit
        var a = Random<double>(3, shape);
        var b = Random<double>(4, shape);
        var (_, expected) = Broadcast(Doubles(a), shape, Doubles(b), shape, (x, y) => x * y);
        var product = a * b;
        Assert.Equal(shape, Shape(product));
        AssertExact(expected, product);
    }

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 4 }, "Cannot broadcast [2, 3] with [4]")]
    [InlineData(new[] { 2, 3 }, new[] { 3, 2 }, "Cannot broadcast [2, 3] with [3, 2]")]
    [InlineData(new[] { 5, 1, 4 }, new[] { 3, 5 }, "Cannot broadcast [5, 1, 4] with [3, 5]")]
    [InlineData(new[] { 0 }, new[] { 2 }, "Cannot broadcast [0] with [2]")]
    public void IncompatibleShapesThrowNamingBothShapes(int[] leftShape, int[] rightShape, string message)
    {
        var leftFloat = Random<float>(1, leftShape);
        var rightFloat = Random<float>(2, rightShape);
        foreach (var action in new Func<object>[] { () => leftFloat + rightFloat, () => leftFloat - rightFloat, () => leftFloat * rightFloat, () => leftFloat / rightFloat })
            Assert.StartsWith(message, Assert.Throws<ArgumentException>(action).Message);

        var leftDouble = Random<double>(1, leftShape);
        var rightDouble = Random<double>(2, rightShape);
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(() => leftDouble + rightDouble).Message);
    }

    [Fact]
    public void BroadcastingAboveRankEightThrows()
    {
        var a = Random<float>(1, [2, 1, 1, 1, 1, 1, 1, 1, 3]);
        var b = Random<float>(2, [3]);
        var exception = Assert.Throws<ArgumentException>(() => a + b);
        Assert.Contains("rank up to 8", exception.Message);
        Assert.Contains("[2, 1, 1, 1, 1, 1, 1, 1, 3]", exception.Message);
    }

    [Fact]
    public void NullOperandsThrow()
    {
        var t = Random<float>(1, [2]);
        Tensor<float> none = null!;
        Assert.Throws<ArgumentNullException>(() => t + none);
        Assert.Throws<ArgumentNullException>(() => none - t);
        Assert.Throws<ArgumentNullException>(() => none * 2f);
        Assert.Throws<ArgumentNullException>(() => 2f / none);
        Assert.Throws<ArgumentNullException>(() => -none);
    }

    private static void CheckTensorOperator<T>(Operator op, int[] leftShape, int[] rightShape, int[] resultShape,
        Func<Tensor<T>, Tensor<T>, Tensor<T>> apply)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var left = Random<T>(11, leftShape);
        var right = op == Operator.Divide ? NonZero<T>(12, rightShape) : Random<T>(12, rightShape);
        var (shape, expected) = Broadcast(Doubles(left), leftShape, Doubles(right), rightShape, (a, b) => Reference(op, a, b));
        Assert.Equal(resultShape, shape);

        var result = apply(left, right);
        Assert.Equal(resultShape, Shape(result));
        AssertExact(expected, result);
    }

    private static void CheckScalarOperator<T>(Operator op, int[] shape, T scalar,
        Func<Tensor<T>, T, Tensor<T>> tensorFirst, Func<T, Tensor<T>, Tensor<T>> scalarFirst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tensor = op == Operator.Divide ? NonZero<T>(21, shape) : Random<T>(21, shape);
        double s = double.CreateTruncating(scalar);

        var right = tensorFirst(tensor, scalar);
        Assert.Equal(shape, Shape(right));
        AssertExact(Array.ConvertAll(Doubles(tensor), v => Reference(op, v, s)), right);

        var left = scalarFirst(scalar, tensor);
        Assert.Equal(shape, Shape(left));
        AssertExact(Array.ConvertAll(Doubles(tensor), v => Reference(op, s, v)), left);
    }

    // The correctly rounded double result rounds to the correctly rounded float result for + - * /.
    private static double Reference(Operator op, double a, double b) => op switch
    {
        Operator.Add => a + b,
        Operator.Subtract => a - b,
        Operator.Multiply => a * b,
        _ => a / b,
    };

    private static Tensor<float> Apply(Operator op, Tensor<float> a, Tensor<float> b) => op switch
    {
        Operator.Add => a + b,
        Operator.Subtract => a - b,
        Operator.Multiply => a * b,
        _ => a / b,
    };

    private static Tensor<double> Apply(Operator op, Tensor<double> a, Tensor<double> b) => op switch
    {
        Operator.Add => a + b,
        Operator.Subtract => a - b,
        Operator.Multiply => a * b,
        _ => a / b,
    };

    private static Tensor<float> Apply(Operator op, Tensor<float> a, float b) => op switch
    {
        Operator.Add => a + b,
        Operator.Subtract => a - b,
        Operator.Multiply => a * b,
        _ => a / b,
    };

    private static Tensor<double> Apply(Operator op, Tensor<double> a, double b) => op switch
    {
        Operator.Add => a + b,
        Operator.Subtract => a - b,
        Operator.Multiply => a * b,
        _ => a / b,
    };

    private static Tensor<float> Apply(Operator op, float a, Tensor<float> b) => op switch
    {
        Operator.Add => a + b,
        Operator.Subtract => a - b,
        Operator.Multiply => a * b,
        _ => a / b,
    };

    private static Tensor<double> Apply(Operator op, double a, Tensor<double> b) => op switch
    {
        Operator.Add => a + b,
        Operator.Subtract => a - b,
        Operator.Multiply => a * b,
        _ => a / b,
    };
}
