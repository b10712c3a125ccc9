using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>
/// One lane as an <see cref="ISimd{TSelf, T}"/>: the scalar tail of every loop. It computes in lane 0 of a
/// <see cref="Vector128{T}"/>, so a tail element gets exactly the value a vector lane would.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly struct SimdScalar<T> : ISimd<SimdScalar<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The register; only lane 0 is meaningful.</summary>
    public readonly Vector128<T> Value;

    /// <summary>Wraps a register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public SimdScalar(Vector128<T> value) => Value = value;

    /// <inheritdoc/>
    public static int Count => 1;

    /// <inheritdoc/>
    public static bool IsHardwareAccelerated => true;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Load(ref readonly T source, nint index)
        => new(Vector128.CreateScalarUnsafe(Unsafe.Add(ref Unsafe.AsRef(in source), index)));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(SimdScalar<T> value, ref T destination, nint index)
        => Unsafe.Add(ref destination, index) = value.Value.ToScalar();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Splat(T value) => new(Vector128.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(SimdScalar<T> value) => value.Value.ToScalar();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(SimdScalar<T> value) => value.Value.ToScalar();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator +(SimdScalar<T> left, SimdScalar<T> right) => new(left.Value + right.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator -(SimdScalar<T> left, SimdScalar<T> right) => new(left.Value - right.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator *(SimdScalar<T> left, SimdScalar<T> right) => new(left.Value * right.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator /(SimdScalar<T> left, SimdScalar<T> right) => new(left.Value / right.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> operator -(SimdScalar<T> value) => new(-value.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> MultiplyAdd(SimdScalar<T> a, SimdScalar<T> b, SimdScalar<T> c)
    {
        if (typeof(T) == typeof(float))
            return new(Vector128.FusedMultiplyAdd(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
        return new(Vector128.FusedMultiplyAdd(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Exp(SimdScalar<T> x)
    {
        // As the vector widths.
        if (typeof(T) == typeof(float)) return SimdFunctions.SingleExp<SimdScalar<T>, T>(x);
        return new(Vector128.Exp(x.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Log(SimdScalar<T> x)
    {
        if (typeof(T) == typeof(float)) return new(Vector128.Log(x.Value.AsSingle()).As<float, T>());
        return new(Vector128.Log(x.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Sin(SimdScalar<T> x)
    {
        if (typeof(T) == typeof(float)) return new(Vector128.Sin(x.Value.AsSingle()).As<float, T>());
        return new(Vector128.Sin(x.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Cos(SimdScalar<T> x)
    {
        if (typeof(T) == typeof(float)) return new(Vector128.Cos(x.Value.AsSingle()).As<float, T>());
        return new(Vector128.Cos(x.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Sqrt(SimdScalar<T> x) => new(Vector128.Sqrt(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Abs(SimdScalar<T> x) => new(Vector128.Abs(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Max(SimdScalar<T> left, SimdScalar<T> right) => new(Vector128.Max(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Min(SimdScalar<T> left, SimdScalar<T> right) => new(Vector128.Min(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> GreaterThan(SimdScalar<T> left, SimdScalar<T> right) => new(Vector128.GreaterThan(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> LessThan(SimdScalar<T> left, SimdScalar<T> right) => new(Vector128.LessThan(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> EqualTo(SimdScalar<T> left, SimdScalar<T> right) => new(Vector128.Equals(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Select(SimdScalar<T> mask, SimdScalar<T> whenTrue, SimdScalar<T> whenFalse)
        => new(Vector128.ConditionalSelect(mask.Value, whenTrue.Value, whenFalse.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Round(SimdScalar<T> x)
        => typeof(T) == typeof(float)
            ? new(Vector128.Round(x.Value.AsSingle()).As<float, T>())
            : new(Vector128.Round(x.Value.AsDouble()).As<double, T>());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> PowerOfTwo(SimdScalar<T> n) => new(Simd128<T>.PowerOfTwo(new Simd128<T>(n.Value)).Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> CopySign(SimdScalar<T> magnitude, SimdScalar<T> sign) => new(Vector128.CopySign(magnitude.Value, sign.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Square(SimdScalar<T> x) => SimdFunctions.Square<SimdScalar<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Reciprocal(SimdScalar<T> x) => SimdFunctions.Reciprocal<SimdScalar<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Relu(SimdScalar<T> x) => SimdFunctions.Relu<SimdScalar<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Step(SimdScalar<T> x) => SimdFunctions.Step<SimdScalar<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Sign(SimdScalar<T> x) => SimdFunctions.Sign<SimdScalar<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Sigmoid(SimdScalar<T> x) => SimdFunctions.Sigmoid<SimdScalar<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Tanh(SimdScalar<T> x) => SimdFunctions.Tanh<SimdScalar<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar<T> Pow(SimdScalar<T> x, T p) => SimdFunctions.Pow<SimdScalar<T>, T>(x, p);
}
