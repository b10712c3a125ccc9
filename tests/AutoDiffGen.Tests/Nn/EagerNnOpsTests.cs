using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using static AutoDiffGen.Tests.Nn.NnTestData;
using static AutoDiffGen.Tests.TensorMathOps.TensorTestData;

namespace AutoDiffGen.Tests.Nn;

// The eager ops are the kernels behind a tensor interface: the same bits as calling the kernel on the dense data,
// whether the inputs are dense or strided views.
public class EagerNnOpsTests
{
    public enum View { Dense, Strided }

    public static TheoryData<int[], int, bool, View> AxisCases()
    {
        var data = new TheoryData<int[], int, bool, View>();
        foreach (View view in Enum.GetValues<View>())
        {
            data.Add([5, 67], -1, false, view);
            data.Add([5, 67], 1, true, view);
            data.Add([4, 3, 9], 1, false, view);
            data.Add([4, 3, 9], 0, true, view);
            data.Add([4, 3, 9], -3, false, view);
            data.Add([37], 0, false, view);
            data.Add([2, 1, 5], 1, false, view);
        }
        return data;
    }

    [Theory, MemberData(nameof(AxisCases))]
    public void AxisOpsAreTheirKernels(int[] shape, int axis, bool keepDims, View view)
    {
        CheckAxisOps<float>(shape, axis, keepDims, view);
        CheckAxisOps<double>(shape, axis, keepDims, view);
    }

    [Theory]
    [InlineData(new[] { 32 }, View.Dense)]
    [InlineData(new[] { 32, 3 }, View.Dense)]       // makemore: a context of 3 characters per example
    [InlineData(new[] { 4, 2, 5 }, View.Strided)]
    [InlineData(new[] { 1 }, View.Strided)]
    public void EmbeddingIsItsKernelWithTheIndexShapeInFront(int[] indexShape, View view)
    {
        var table = Input(Uniform(1, 27 * 10), [27, 10], view);
        var indices = Input(Indices(2, Count(indexShape), 27), indexShape, view);
        var rows = table.Embedding(indices);
        int[] resultShape = [.. indexShape, 10];
        Assert.Equal(resultShape, Shape(rows));

        var expected = new double[rows.FlattenedLength];
        GatherKernel.Embedding<double>(Values(table), Values(indices), expected, 27, 10);
        AssertIdentical(expected, Values(rows));
    }

    [Theory]
    [InlineData(View.Dense)]
    [InlineData(View.Strided)]
    public void PickAndCrossEntropyAreTheirKernels(View view)
    {
        var logits = Input(To<float>(Uniform(3, 32 * 27, -4, 4)), [32, 27], view);
        var targets = Input(Indices(4, 32, 27), [32], view);

        var picked = logits.Pick(targets);
        Assert.Equal(new[] { 32 }, Shape(picked));
        var expectedPicked = new float[32];
        GatherKernel.Pick<float>(Values(logits), Values(targets), expectedPicked, 32, 27);
        AssertIdentical(expectedPicked, Values(picked));

        float expectedLoss = CrossEntropyKernel.Forward<float>(Values(logits), Values(targets), new float[32], 32, 27);
        Assert.Equal(expectedLoss, logits.CrossEntropy(targets));
    }

    [Theory]
    [InlineData(View.Dense, 0)]
    [InlineData(View.Dense, 1)]
    [InlineData(View.Strided, 0)]
    [InlineData(View.Strided, 1)]
    public void BatchNormIsItsKernelWithGainAndBiasAsVectorsOrRows(View view, int correction)
    {
        const int count = 32, features = 67;
        var x = Input(Uniform(5, count * features), [count, features], view);
        double[] gain = Uniform(6, features, 0.5, 2), bias = Uniform(7, features);

        var expected = new double[count * features];
        BatchNormKernel.Forward<double>(Values(x), gain, bias, expected, new double[count * features], new double[features],
            count, features, 1e-5, correction);
        var asVectors = x.BatchNorm(Input(gain, [features], view), Input(bias, [features], view), correction: correction);
        var asRows = x.BatchNorm(Input(gain, [1, features], view), Input(bias, [1, features], view), 1e-5, correction);
        Assert.Equal(new[] { count, features }, Shape(asVectors));
        AssertIdentical(expected, Values(asVectors));
        AssertIdentical(expected, Values(asRows));
    }

    [Theory]
    [InlineData(new[] { 19 }, View.Dense)]
    [InlineData(new[] { 6, 19 }, View.Strided)]
    [InlineData(new[] { 2, 3, 40 }, View.Dense)]
    [InlineData(new[] { 2, 3, 40 }, View.Strided)]
    public void LayerNormIsItsKernelOverTheLastAxis(int[] shape, View view)
    {
        int features = shape[^1], rows = Count(shape) / features;
        var x = Input(To<float>(Uniform(8, Count(shape))), shape, view);
        float[] gain = To<float>(Uniform(9, features, 0.5, 2)), bias = To<float>(Uniform(10, features));

        var expected = new float[Count(shape)];
        LayerNormKernel.Forward<float>(Values(x), gain, bias, expected, new float[expected.Length], new float[rows], rows, features, 1e-3f);
        var y = x.LayerNorm(Input(gain, [features], view), Input(bias, [features], view), 1e-3);
        Assert.Equal(shape, Shape(y));
        AssertIdentical(expected, Values(y));
    }

    [Fact]
    public void FloatAgreesWithDouble()
    {
        double[] values = Uniform(11, 8 * 27, -3, 3);
        var xd = Tensor.Create(values, [8, 27]);
        var xf = Tensor.Create(To<float>(values), [8, 27]);
        var targets = Tensor.Create(Indices(12, 8, 27), [8]);
        var gd = Tensor.Create(Uniform(13, 27, 0.5, 2), [27]);
        var bd = Tensor.Create(Uniform(14, 27), [27]);
        var gf = Tensor.Create(To<float>(gd.ToArray()), [27]);
        var bf = Tensor.Create(To<float>(bd.ToArray()), [27]);

        void Close(Tensor<double> expected, Tensor<float> actual, string what)
        {
            double[] wanted = Values(expected);
            AssertWithin(wanted, Values(actual), i => 1e-3 * (Math.Abs(wanted[i]) + 1e-3), what);
        }
        Close(xd.Max(1), xf.Max(1), "Max");
        Close(xd.Var(0), xf.Var(0), "Var");
        Close(xd.Softmax(-1), xf.Softmax(-1), "Softmax");
        Close(xd.LogSoftmax(0), xf.LogSoftmax(0), "LogSoftmax");
        Close(xd.LogSumExp(1), xf.LogSumExp(1), "LogSumExp");
        Close(xd.Pick(targets), xf.Pick(targets), "Pick");
        Close(xd.BatchNorm(gd, bd), xf.BatchNorm(gf, bf), "BatchNorm");
        Close(xd.LayerNorm(gd, bd), xf.LayerNorm(gf, bf), "LayerNorm");
        AssertWithin([xd.CrossEntropy(targets)], [xf.CrossEntropy(targets)], _ => 1e-3 * xd.CrossEntropy(targets), "CrossEntropy");
        AssertWithin([xd.Mse(xd.Square())], [xf.Mse(xf.Square())], _ => 1e-3 * xd.Mse(xd.Square()), "Mse");
    }

    [Fact]
    public void IndexErrorsNameTheIndicesAndTheOffendingValue()
    {
        var table = Tensor.Create(new float[27 * 4], [27, 4]);
        var embedding = Assert.Throws<ArgumentOutOfRangeException>(() => table.Embedding(Tensor.Create([3, 27, 1], [3])));
        Assert.Equal("indices", embedding.ParamName);
        Assert.StartsWith("'indices' holds 27 at position 1, outside [0, 27).", embedding.Message);

        var pick = Assert.Throws<ArgumentOutOfRangeException>(() => table.Pick(Tensor.Create(Enumerable.Repeat(1, 26).Append(-1).ToArray(), [27])));
        Assert.Equal("indices", pick.ParamName);
        Assert.StartsWith("'indices' holds -1 at position 26, outside [0, 4).", pick.Message);

        var crossEntropy = Assert.Throws<ArgumentOutOfRangeException>(() => table.CrossEntropy(Tensor.Create(Enumerable.Repeat(4, 27).ToArray(), [27])));
        Assert.Equal("targets", crossEntropy.ParamName);
        Assert.StartsWith("'targets' holds 4 at position 0, outside [0, 4).", crossEntropy.Message);
    }

    [Fact]
    public void ShapeErrorsNameTheShapes()
    {
        var x = Tensor.Create(new double[24], [2, 3, 4]);
        var matrix = Tensor.Create(new double[12], [4, 3]);
        var vector3 = Tensor.Create(new double[3], [3]);
        var vector4 = Tensor.Create(new double[4], [4]);

        Assert.Contains("table is [2, 3, 4]", Assert.Throws<ArgumentException>(() => x.Embedding(Tensor.Create([0], [1]))).Message);
        Assert.Contains("x is [4, 3] and indices is [3]", Assert.Throws<ArgumentException>(() => matrix.Pick(Tensor.Create([0, 0, 0], [3]))).Message);
        Assert.Contains("logits is [2, 3, 4] and targets is [2]", Assert.Throws<ArgumentException>(() => x.CrossEntropy(Tensor.Create([0, 0], [2]))).Message);
        Assert.Contains("x is [2, 3, 4]", Assert.Throws<ArgumentException>(() => x.BatchNorm(vector4, vector4)).Message);
        Assert.Contains("x is [4, 3], gain is [4] and bias is [3]", Assert.Throws<ArgumentException>(() => matrix.BatchNorm(vector4, vector3)).Message);
        Assert.Contains("x is [2, 3, 4], gain is [3] and bias is [4]", Assert.Throws<ArgumentException>(() => x.LayerNorm(vector3, vector4)).Message);
        Assert.Contains("x is [2, 3, 4], gain is [1, 4]", Assert.Throws<ArgumentException>(() => x.LayerNorm(Tensor.Create(new double[4], [1, 4]), vector4)).Message);

        // Batch statistics need more rows than the correction removes; an empty axis has no maximum; a row needs a feature.
        var oneRow = Tensor.Create(new double[3], [1, 3]);
        Assert.Contains("x is [1, 3]", Assert.Throws<ArgumentException>(() => oneRow.BatchNorm(vector3, vector3, correction: 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => oneRow.BatchNorm(vector3, vector3, correction: -1));
        Assert.Contains("[3, 0]", Assert.Throws<ArgumentException>(() => Tensor.Create(new double[0], [3, 0]).Max(1)).Message);
        Assert.Contains("[3, 0]", Assert.Throws<ArgumentException>(() => Tensor.Create(new double[0], [3, 0]).LayerNorm(Tensor.Create(new double[0], [0]), Tensor.Create(new double[0], [0]))).Message);
        Assert.Equal("axis", Assert.Throws<ArgumentOutOfRangeException>(() => x.Softmax(3)).ParamName);
        Assert.Equal("axis", Assert.Throws<ArgumentOutOfRangeException>(() => x.LogSumExp(-4)).ParamName);
    }

    [Fact]
    public void NullArgumentsThrow()
    {
        Tensor<float> none = null!;
        var x = Tensor.Create(new float[6], [2, 3]);
        var indices = Tensor.Create([0, 1], [2]);
        Assert.Throws<ArgumentNullException>(() => none.Max(0));
        Assert.Throws<ArgumentNullException>(() => none.Var(0));
        Assert.Throws<ArgumentNullException>(() => none.Softmax(0));
        Assert.Throws<ArgumentNullException>(() => none.LogSoftmax(0));
        Assert.Throws<ArgumentNullException>(() => none.LogSumExp(0));
        Assert.Throws<ArgumentNullException>(() => none.Embedding(indices));
        Assert.Throws<ArgumentNullException>(() => x.Embedding(null!));
        Assert.Throws<ArgumentNullException>(() => none.Pick(indices));
        Assert.Throws<ArgumentNullException>(() => x.Pick(null!));
        Assert.Throws<ArgumentNullException>(() => none.CrossEntropy(indices));
        Assert.Throws<ArgumentNullException>(() => x.CrossEntropy(null!));
        Assert.Throws<ArgumentNullException>(() => none.Mse(x));
        Assert.Throws<ArgumentNullException>(() => x.BatchNorm(null!, x));
        Assert.Throws<ArgumentNullException>(() => x.LayerNorm(x, null!));
    }

    [Fact]
    public void OnlyFloatAndDoubleAreSupported()
    {
        var half = Tensor.Create(new Half[6], [2, 3]);
        Assert.Contains("Tensor<Half>", Assert.Throws<NotSupportedException>(() => half.Max(0)).Message);
        Assert.Throws<NotSupportedException>(() => half.Softmax(1));
        Assert.Throws<NotSupportedException>(() => half.Embedding(Tensor.Create([0], [1])));
        Assert.Throws<NotSupportedException>(() => half.CrossEntropy(Tensor.Create([0, 0], [2])));
        Assert.Throws<NotSupportedException>(() => half.Reshape(3, 2));
        Assert.Throws<NotSupportedException>(() => half.LayerNorm(Tensor.Create(new Half[3], [3]), Tensor.Create(new Half[3], [3])));
    }

    private static void CheckAxisOps<T>(int[] shape, int axis, bool keepDims, View view) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = Input(To<T>(Uniform(shape.Sum() + axis, Count(shape), -3, 3)), shape, view);
        int resolved = axis < 0 ? axis + shape.Length : axis;
        int outer = Count(shape[..resolved]), length = shape[resolved], inner = Count(shape[(resolved + 1)..]);
        int[] reducedShape = shape.Length == 1 ? [1]
            : keepDims ? [.. shape[..resolved], 1, .. shape[(resolved + 1)..]]
            : [.. shape[..resolved], .. shape[(resolved + 1)..]];
        T[] data = Values(x);
        string what = $"{Format(shape)} axis {axis} {view} {typeof(T).Name}";

        var max = new T[outer * inner];
        MaxKernel.Forward<T>(data, max, new int[outer * inner], outer, length, inner);
        Assert.Equal(reducedShape, Shape(x.Max(axis, keepDims)));
        AssertIdentical(max, Values(x.Max(axis, keepDims)), "Max " + what);

        var logSumExp = new T[outer * inner];
        SoftmaxKernel.LogSumExp<T>(data, logSumExp, outer, length, inner);
        Assert.Equal(reducedShape, Shape(x.LogSumExp(axis, keepDims)));
        AssertIdentical(logSumExp, Values(x.LogSumExp(axis, keepDims)), "LogSumExp " + what);

        var variance = new T[outer * inner];
        VarianceKernel.Forward<T>(data, [], variance, outer, length, inner, 0);
        AssertIdentical(variance, Values(x.Var(axis, keepDims, correction: 0)), "Var " + what);

        var softmax = new T[data.Length];
        SoftmaxKernel.Softmax<T>(data, softmax, outer, length, inner);
        Assert.Equal(shape, Shape(x.Softmax(axis)));
        AssertIdentical(softmax, Values(x.Softmax(axis)), "Softmax " + what);

        var logSoftmax = new T[data.Length];
        SoftmaxKernel.LogSoftmax<T>(data, logSoftmax, outer, length, inner);
        AssertIdentical(logSoftmax, Values(x.LogSoftmax(axis)), "LogSoftmax " + what);

        // The input is left alone, even when a strided input's private copy is reused for the result.
        AssertIdentical(data, Values(x), "input " + what);
    }

    private static string Format(int[] shape) => "[" + string.Join(", ", shape) + "]";

    private static Tensor<T> Input<T>(T[] values, int[] shape, View view)
    {
        var dense = Tensor.Create(values, Lengths(shape));
        return view == View.Dense ? dense : Strided(dense);
    }
}
