using System.Numerics;
using System.Numerics.Tensors;

// Not AutoDiffGen.Tests.TensorMath: a namespace of that name would hide the TensorMath class from every test
// under AutoDiffGen.Tests.
namespace AutoDiffGen.Tests.TensorMathOps;

/// <summary>Test tensors, their values in double, and straightforward reference computations.</summary>
internal static class TensorTestData
{
    /// <summary>A dense tensor of <paramref name="shape"/> with values uniform in [low, high).</summary>
    public static Tensor<T> Random<T>(int seed, int[] shape, double low = -2, double high = 2)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var data = new T[Count(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = T.CreateTruncating(low + (high - low) * random.NextDouble());
        return Tensor.Create(data, Lengths(shape));
    }

    /// <summary>
    /// A dense tensor of <paramref name="shape"/> with values whose magnitude lies in [0.5, 2) and whose sign is
    /// random: safe divisors.
    /// </summary>
    public static Tensor<T> NonZero<T>(int seed, int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(seed);
        var data = new T[Count(shape)];
        for (int i = 0; i < data.Length; i++)
            data[i] = T.CreateTruncating((random.Next(2) == 0 ? -1 : 1) * (0.5 + 1.5 * random.NextDouble()));
        return Tensor.Create(data, Lengths(shape));
    }

    /// <summary>
    /// A non-dense tensor with the same shape and values as <paramref name="dense"/>: its elements sit at every other
    /// position of a larger buffer, one element in, with garbage between them.
    /// </summary>
    public static Tensor<T> Strided<T>(Tensor<T> dense)
    {
        T[] values = Values(dense);
        var strides = new nint[dense.Rank];
        nint stride = 2;
        for (int axis = dense.Rank - 1; axis >= 0; axis--)
        {
            // Tensor.Create accepts an axis of length 1 only with stride 0.
            strides[axis] = dense.Lengths[axis] == 1 ? 0 : stride;
            stride *= Math.Max(dense.Lengths[axis], 1);
        }

        var buffer = new T[1 + stride];
        Array.Fill(buffer, Garbage<T>());
        var strided = Tensor.Create(buffer, 1, dense.Lengths, strides);
        Tensor.Create(values, dense.Lengths).CopyTo(strided);
        return strided;
    }

    /// <summary>The elements of <paramref name="tensor"/> in row-major order.</summary>
    public static T[] Values<T>(Tensor<T> tensor)
    {
        var values = new T[tensor.FlattenedLength];
        tensor.FlattenTo(values);
        return values;
    }

    /// <summary>The elements of <paramref name="tensor"/> in row-major order, as doubles.</summary>
    public static double[] Doubles<T>(Tensor<T> tensor) where T : unmanaged, IFloatingPointIeee754<T>
        => Array.ConvertAll(Values(tensor), double.CreateTruncating);

    /// <summary>The lengths of <paramref name="tensor"/> as ints, for comparing shapes.</summary>
    public static int[] Shape<T>(Tensor<T> tensor) => Array.ConvertAll(tensor.Lengths.ToArray(), length => (int)length);

    /// <summary><paramref name="shape"/> as tensor lengths.</summary>
    public static nint[] Lengths(int[] shape) => Array.ConvertAll(shape, length => (nint)length);

    /// <summary>The number of elements of <paramref name="shape"/>.</summary>
    public static int Count(int[] shape) => shape.Aggregate(1, (product, length) => product * length);

    /// <summary>
    /// <c>f(a, b)</c> with NumPy broadcasting, computed index by index: the result's shape and row-major values.
    /// </summary>
    public static (int[] Shape, double[] Values) Broadcast(double[] a, int[] aShape, double[] b, int[] bShape, Func<double, double, double> f)
    {
        int rank = Math.Max(aShape.Length, bShape.Length);
        int[] aAligned = Align(aShape, rank), bAligned = Align(bShape, rank);
        var shape = new int[rank];
        for (int axis = 0; axis < rank; axis++) shape[axis] = aAligned[axis] == 1 ? bAligned[axis] : aAligned[axis];

        var values = new double[Count(shape)];
        var index = new int[rank];
        for (int flat = 0; flat < values.Length; flat++)
        {
            int remainder = flat;
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                index[axis] = remainder % shape[axis];
                remainder /= shape[axis];
            }
            values[flat] = f(a[Offset(index, aAligned)], b[Offset(index, bAligned)]);
        }
        return (shape, values);
    }

    /// <summary>Asserts that <paramref name="actual"/> holds exactly <paramref name="expected"/> rounded to <typeparamref name="T"/>.</summary>
    public static void AssertExact<T>(double[] expected, Tensor<T> actual) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] values = Values(actual);
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            T wanted = T.CreateTruncating(expected[i]);
            Assert.True(wanted.Equals(values[i]), $"element {i}: expected {wanted}, got {values[i]}");
        }
    }

    /// <summary>
    /// Asserts that every element of <paramref name="actual"/> is within <paramref name="tolerance"/>[i] of
    /// <paramref name="expected"/>[i] (NaN matching NaN).
    /// </summary>
    public static void AssertWithin<T>(double[] expected, Tensor<T> actual, Func<int, double> tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] values = Doubles(actual);
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(expected[i])) { Assert.True(double.IsNaN(values[i]), $"element {i}: expected NaN, got {values[i]}"); continue; }
            double error = Math.Abs(values[i] - expected[i]);
            Assert.True(error <= tolerance(i), $"element {i}: expected {expected[i]:R}, got {values[i]:R} (error {error:E2}, tolerance {tolerance(i):E2})");
        }
    }

    /// <summary>The unit roundoff of <typeparamref name="T"/>: 2⁻²⁴ for float, 2⁻⁵³ for double.</summary>
    public static double UnitRoundoff<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => typeof(T) == typeof(float) ? Math.ScaleB(1, -24) : Math.ScaleB(1, -53);

    private static T Garbage<T>() => typeof(T) == typeof(float) ? (T)(object)float.NaN
        : typeof(T) == typeof(double) ? (T)(object)double.NaN
        : default!;

    private static int[] Align(int[] shape, int rank) => [.. Enumerable.Repeat(1, rank - shape.Length), .. shape];

    // The row-major offset of the broadcast index in an operand of 'shape' (aligned): axes of length 1 stay at 0.
    private static int Offset(int[] index, int[] shape)
    {
        int offset = 0;
        for (int axis = 0; axis < shape.Length; axis++) offset = offset * shape[axis] + (shape[axis] == 1 ? 0 : index[axis]);
        return offset;
    }
}
