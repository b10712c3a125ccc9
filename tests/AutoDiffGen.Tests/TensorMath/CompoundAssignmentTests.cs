using System.Numerics;
using System.Numerics.Tensors;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

public class CompoundAssignmentTests
{
    public enum Operator { Add, Subtract, Multiply, Divide }

    public static TheoryData<Operator, int[], int[]> InPlaceCases()
    {
        (int[] Target, int[] Right)[] shapes =
        [
            ([2, 3], [2, 3]),       // equal shapes
            ([4, 37], [37]),        // a row into every row
            ([4, 37], [4, 1]),      // one value per row
            ([3, 4, 5], [4, 1]),    // a lower rank repeated on two axes
            ([3, 4, 5], [1, 1, 1]), // one element everywhere
            ([1, 6], [6]),          // a leading axis of length 1
        ];
        var data = new TheoryData<Operator, int[], int[]>();
        foreach (Operator op in Enum.GetValues<Operator>())
            foreach (var (target, right) in shapes) data.Add(op, target, right);
        return data;
    }

    [Theory, MemberData(nameof(InPlaceCases))]
    public void TensorRightOperandUpdatesTheTargetInPlace(Operator op, int[] targetShape, int[] rightShape)
    {
        Check<float>(op, targetShape, rightShape, (t, r) => Apply(op, t, r));
        Check<double>(op, targetShape, rightShape, (t, r) => Apply(op, t, r));
    }

    [Theory]
    [InlineData(Operator.Add)]
    [InlineData(Operator.Subtract)]
    [InlineData(Operator.Multiply)]
    [InlineData(Operator.Divide)]
    public void ScalarRightOperandUpdatesEveryElementInPlace(Operator op)
    {
        var f = Random<float>(5, [3, 19]);
        var expectedFloat = Array.ConvertAll(Doubles(f), v => Reference(op, v, 0.75));
        Apply(op, f, 0.75f);
        AssertExact(expectedFloat, f);

        var d = Random<double>(6, [3, 19]);
        var expectedDouble = Array.ConvertAll(Doubles(d), v => Reference(op, v, -1.25));
        Apply(op, d, -1.25);
        AssertExact(expectedDouble, d);
    }

    [Theory]
    [InlineData(new[] { 2, 1 }, new[] { 2, 3 })]    // the right operand would grow the target
    [InlineData(new[] { 2, 3 }, new[] { 1, 2, 3 })] // a higher rank would too
    [InlineData(new[] { 2, 3 }, new[] { 2 })]       // not broadcastable at all
    public void RightOperandThatDoesNotBroadcastToTheTargetThrowsAndLeavesItAlone(int[] targetShape, int[] rightShape)
    {
        var target = Random<float>(7, targetShape);
        float[] original = Values(target);
        var right = Random<float>(8, rightShape);
        var exception = Assert.Throws<ArgumentException>(() => target += right);
        Assert.Contains(ShapeText(targetShape), exception.Message);
        Assert.Contains(ShapeText(rightShape), exception.Message);
        Assert.Equal(original, Values(target));

        var targetDouble = Random<double>(7, targetShape);
        var rightDouble = Random<double>(8, rightShape);
        Assert.Throws<ArgumentException>(() => targetDouble *= rightDouble);
    }

    [Fact]
    public void AddingATensorToItselfDoublesIt()
    {
        var x = Random<double>(9, [5, 7]);
        double[] expected = Array.ConvertAll(Doubles(x), v => v + v);
        x += x;
        AssertExact(expected, x);
    }

    [Fact]
    public void ARightOperandViewingTheTargetIsReadBeforeItIsOverwritten()
    {
        // row is the first row of x, a view of x's own storage, repeated over both rows.
        var x = Tensor.Create(new double[] { 1, 2, 3, 10, 20, 30 }, [2, 3]);
        var row = x.Slice(0..1, 0..3);
        Assert.True(row.IsDense);
        x += row;
        Assert.Equal(new double[] { 2, 4, 6, 11, 22, 33 }, Values(x));
    }

    [Fact]
    public void NullOperandsThrow()
    {
        var x = Random<float>(1, [2]);
        Tensor<float> none = null!;
        Assert.Throws<ArgumentNullException>(() => x += none);
        Assert.Throws<ArgumentNullException>(() => none += x);
        Assert.Throws<ArgumentNullException>(() => none *= 2f);
    }

    private static void Check<T>(Operator op, int[] targetShape, int[] rightShape, Action<Tensor<T>, Tensor<T>> apply)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var target = Random<T>(31, targetShape);
        var right = op == Operator.Divide ? NonZero<T>(32, rightShape) : Random<T>(32, rightShape);
        var (shape, expected) = Broadcast(Doubles(target), targetShape, Doubles(right), rightShape, (a, b) => Reference(op, a, b));
        Assert.Equal(targetShape, shape);

        apply(target, right);
        Assert.Equal(targetShape, Shape(target));
        AssertExact(expected, target);
    }

    private static string ShapeText(int[] shape) => "[" + string.Join(", ", shape) + "]";

    private static double Reference(Operator op, double a, double b) => op switch
    {
        Operator.Add => a + b,
        Operator.Subtract => a - b,
        Operator.Multiply => a * b,
        _ => a / b,
    };

    // Each takes the target by value: a compound assignment must change the object, not the variable.
    private static void Apply(Operator op, Tensor<float> target, Tensor<float> right)
    {
        switch (op)
        {
            case Operator.Add: target += right; break;
            case Operator.Subtract: target -= right; break;
            case Operator.Multiply: target *= right; break;
            default: target /= right; break;
        }
    }

    private static void Apply(Operator op, Tensor<double> target, Tensor<double> right)
    {
        switch (op)
        {
            case Operator.Add: target += right; break;
            case Operator.Subtract: target -= right; break;
            case Operator.Multiply: target *= right; break;
            default: target /= right; break;
        }
    }

    private static void Apply(Operator op, Tensor<float> target, float right)
    {
        switch (op)
        {
            case Operator.Add: target += right; break;
            case Operator.Subtract: target -= right; break;
            case Operator.Multiply: target *= right; break;
            default: target /= right; break;
        }
    }

    private static void Apply(Operator op, Tensor<double> target, double right)
    {
        switch (op)
        {
            case Operator.Add: target += right; break;
            case Operator.Subtract: target -= right; break;
            case Operator.Multiply: target *= right; break;
            default: target /= right; break;
        }
    }
}
