using System.Numerics.Tensors;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.TensorMathOps;

// Every op reads a view (strided, or a slice at an offset into a larger buffer) exactly as it reads a dense copy.
public class NonDenseInputTests
{
    public enum View { Strided, Sliced }

    public static TheoryData<View> Views() => [View.Strided, View.Sliced];

    [Fact]
    public void TheViewsHoldTheDenseValuesWithoutBeingDense()
    {
        var dense = Random<float>(1, [3, 5]);
        foreach (View view in Enum.GetValues<View>())
        {
            var x = ViewOf(view, dense);
            Assert.False(x.IsDense);
            Assert.Equal(Values(dense), Values(x));
        }
    }

    [Theory, MemberData(nameof(Views))]
    public void ElementwiseFunctions(View view)
    {
        var dense = Random<double>(2, [4, 9], 0.1, 3);
        var x = ViewOf(view, dense);
        Assert.Equal(Values(dense.Exp()), Values(x.Exp()));
        Assert.Equal(Values(dense.Log()), Values(x.Log()));
        Assert.Equal(Values(dense.Tanh()), Values(x.Tanh()));
        Assert.Equal(Values(dense.Pow(2.5)), Values(x.Pow(2.5)));
        Assert.Equal(Values(-dense), Values(-x));
    }

    [Theory, MemberData(nameof(Views))]
    public void BroadcastingOperators(View view)
    {
        var a = Random<float>(3, [4, 9]);
        var b = Random<float>(4, [4, 1]);
        var c = Random<float>(5, [9]);
        Assert.Equal(Values(a + b), Values(ViewOf(view, a) + ViewOf(view, b)));
        Assert.Equal(Values(a * c), Values(ViewOf(view, a) * ViewOf(view, c)));
        Assert.Equal(Values(c - a), Values(ViewOf(view, c) - ViewOf(view, a)));
        Assert.Equal(Values(a / 3f), Values(ViewOf(view, a) / 3f));
        Assert.Equal(Values(3f / a), Values(3f / ViewOf(view, a)));
    }

    [Theory, MemberData(nameof(Views))]
    public void CompoundAssignmentWritesThroughTheView(View view)
    {
        var dense = Random<double>(6, [3, 5]);
        var right = Random<double>(7, [5]);
        var expected = Values(dense + right);

        var x = ViewOf(view, dense);
        x += ViewOf(view, right);
        Assert.Equal(expected, Values(x));

        x *= 2.0;
        Assert.Equal(Array.ConvertAll(expected, v => v * 2), Values(x));
    }

    [Fact]
    public void CompoundAssignmentOnASliceLeavesTheRestOfTheTensorAlone()
    {
        var whole = Tensor.Create(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, [3, 3]);
        var corner = whole.Slice(1..3, 1..3);
        corner += Tensor.Create(new float[] { 10, 20 }, [2]);
        Assert.Equal(new float[] { 1, 2, 3, 4, 15, 26, 7, 18, 29 }, Values(whole));
    }

    [Theory, MemberData(nameof(Views))]
    public void Reductions(View view)
    {
        var dense = Random<float>(8, [3, 4, 5]);
        var x = ViewOf(view, dense);
        Assert.Equal(dense.Sum(), x.Sum());
        Assert.Equal(dense.Mean(), x.Mean());
        for (int axis = 0; axis < 3; axis++)
        {
            Assert.Equal(Values(dense.Sum(axis)), Values(x.Sum(axis)));
            Assert.Equal(Values(dense.Mean(axis, keepDims: true)), Values(x.Mean(axis, keepDims: true)));
        }
    }

    [Theory, MemberData(nameof(Views))]
    public void LinearAlgebra(View view)
    {
        var a = Random<double>(9, [5, 6]);
        var b = Random<double>(10, [6, 4]);
        var v = Random<double>(11, [6]);
        var w = Random<double>(12, [5]);
        Assert.Equal(Values(a.MatMul(b)), Values(ViewOf(view, a).MatMul(ViewOf(view, b))));
        Assert.Equal(Values(a.MatMul(v)), Values(ViewOf(view, a).MatMul(ViewOf(view, v))));
        Assert.Equal(Values(w.MatMul(a)), Values(ViewOf(view, w).MatMul(ViewOf(view, a))));
        Assert.Equal(v.Dot(v), ViewOf(view, v).Dot(ViewOf(view, v)));
        Assert.Equal(Values(a.Transpose()), Values(ViewOf(view, a).Transpose()));
    }

    [Fact]
    public void ADenseSliceAtAnOffsetIsReadFromItsOwnStart()
    {
        // Rows 1 and 2 of a [3, 4] tensor: dense, but not at the start of its buffer.
        var whole = Random<double>(13, [3, 4]);
        var rows = whole.Slice(1..3, 0..4);
        Assert.True(rows.IsDense);
        var copy = Tensor.Create(Values(rows), [2, 4]);
        Assert.Equal(Values(copy.Sqrt()), Values(rows.Sqrt()));
        Assert.Equal(copy.Sum(), rows.Sum());
        Assert.Equal(Values(copy.Transpose()), Values(rows.Transpose()));

        rows -= 1.0;
        Assert.Equal(Array.ConvertAll(Values(copy), v => v - 1), Values(whole.Slice(1..3, 0..4)));
    }

    // A non-dense tensor with dense's values: strided with gaps, or a column range of a wider tensor.
    private static Tensor<T> ViewOf<T>(View view, Tensor<T> dense)
    {
        if (view == View.Strided) return Strided(dense);

        // Copy into the middle columns of a tensor one element wider on each side of the last axis.
        var lengths = dense.Lengths.ToArray();
        var wider = (nint[])lengths.Clone();
        wider[^1] += 2;
        var buffer = Tensor.Create(new T[wider.Aggregate((nint)1, (p, n) => p * n)], wider);
        var ranges = new System.Buffers.NRange[lengths.Length];
        for (int axis = 0; axis < ranges.Length; axis++) ranges[axis] = System.Buffers.NRange.All;
        ranges[^1] = new System.Buffers.NRange(1, 1 + lengths[^1]);
        var slice = buffer.Slice(ranges);
        dense.CopyTo(slice);
        return slice;
    }
}
