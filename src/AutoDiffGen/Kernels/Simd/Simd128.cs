using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Kernels;

/// <summary>A <see cref="Vector128{T}"/> register as an <see cref="ISimd{TSelf, T}"/>.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly struct Simd128<T> : ISimd<Simd128<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The wrapped register.</summary>
    public readonly Vector128<T> Value;

    /// <summary>Wraps a register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Simd128(Vector128<T> value) => Value = value;

    /// <inheritdoc/>
    public static int Count => Vector128<T>.Count;

    /// <inheritdoc/>
    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Load(ref readonly T source, nint index)
        => new(Vector128.LoadUnsafe(in source, (nuint)index));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd128<T> value, ref T destination, nint index)
        => value.Value.StoreUnsafe(ref destination, (nuint)index);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Splat(T value) => new(Vector128.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd128<T> value) => Vector128.Sum(value.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxAcross(Simd128<T> value)
    {
        // A halving tree in registers (the lane-wise maximum propagates NaN like Math.Max): swap the 64-bit halves,
        // then, for 32-bit lanes, the lanes within each half.
        var max = Vector128.Max(value.Value, Vector128.Shuffle(value.Value.AsUInt64(), Vector128.Create(1UL, 0UL)).As<ulong, T>());
        if (Vector128<T>.Count == 4)
            max = Vector128.Max(max, Vector128.Shuffle(max.AsUInt32(), Vector128.Create(1U, 0U, 3U, 2U)).As<uint, T>());
        return max.ToScalar();
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator +(Simd128<T> left, Simd128<T> right) => new(left.Value + right.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator -(Simd128<T> left, Simd128<T> right) => new(left.Value - right.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator *(Simd128<T> left, Simd128<T> right) => new(left.Value * right.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator /(Simd128<T> left, Simd128<T> right) => new(left.Value / right.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> operator -(Simd128<T> value) => new(-value.Value);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> MultiplyAdd(Simd128<T> a, Simd128<T> b, Simd128<T> c)
    {
        if (typeof(T) == typeof(float))
            return new(Vector128.FusedMultiplyAdd(a.Value.AsSingle(), b.Value.AsSingle(), c.Value.AsSingle()).As<float, T>());
        return new(Vector128.FusedMultiplyAdd(a.Value.AsDouble(), b.Value.AsDouble(), c.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Exp(Simd128<T> x)
    {
        // Float: inline, twice as fast as the in-box one (which widens to double) and exactly 1 at 0.
        if (typeof(T) == typeof(float)) return SimdFunctions.SingleExp<Simd128<T>, T>(x);
        return new(Vector128.Exp(x.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Log(Simd128<T> x)
    {
        if (typeof(T) == typeof(float)) return new(Vector128.Log(x.Value.AsSingle()).As<float, T>());
        return new(Vector128.Log(x.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sin(Simd128<T> x)
    {
        if (typeof(T) == typeof(float)) return new(Vector128.Sin(x.Value.AsSingle()).As<float, T>());
        return new(Vector128.Sin(x.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Cos(Simd128<T> x)
    {
        if (typeof(T) == typeof(float)) return new(Vector128.Cos(x.Value.AsSingle()).As<float, T>());
        return new(Vector128.Cos(x.Value.AsDouble()).As<double, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sqrt(Simd128<T> x) => new(Vector128.Sqrt(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Abs(Simd128<T> x) => new(Vector128.Abs(x.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Max(Simd128<T> left, Simd128<T> right) => new(Vector128.Max(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Min(Simd128<T> left, Simd128<T> right) => new(Vector128.Min(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> GreaterThan(Simd128<T> left, Simd128<T> right) => new(Vector128.GreaterThan(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> LessThan(Simd128<T> left, Simd128<T> right) => new(Vector128.LessThan(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> EqualTo(Simd128<T> left, Simd128<T> right) => new(Vector128.Equals(left.Value, right.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Select(Simd128<T> mask, Simd128<T> whenTrue, Simd128<T> whenFalse)
        => new(Vector128.ConditionalSelect(mask.Value, whenTrue.Value, whenFalse.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Round(Simd128<T> x)
        => typeof(T) == typeof(float)
            ? new(Vector128.Round(x.Value.AsSingle()).As<float, T>())
            : new(Vector128.Round(x.Value.AsDouble()).As<double, T>());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> PowerOfTwo(Simd128<T> n)
    {
        // Adding 1.5·2²³ (1.5·2⁵²) puts the integer n in the low bits of the sum, exactly: cheaper than a
        // conversion, which .NET makes saturating with extra fix-up instructions.
        if (typeof(T) == typeof(float))
        {
            var bits = (n.Value.AsSingle() + Vector128.Create(12582912f)).AsInt32();
            return new(Vector128.ShiftLeft(bits - Vector128.Create(0x4B400000 - 127), 23).As<int, T>());
        }
        var longBits = (n.Value.AsDouble() + Vector128.Create(6755399441055744.0)).AsInt64();
        return new(Vector128.ShiftLeft(longBits - Vector128.Create(0x4338000000000000L - 1023), 52).As<long, T>());
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> CopySign(Simd128<T> magnitude, Simd128<T> sign) => new(Vector128.CopySign(magnitude.Value, sign.Value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Square(Simd128<T> x) => SimdFunctions.Square<Simd128<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Reciprocal(Simd128<T> x) => SimdFunctions.Reciprocal<Simd128<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Relu(Simd128<T> x) => SimdFunctions.Relu<Simd128<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Step(Simd128<T> x) => SimdFunctions.Step<Simd128<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sign(Simd128<T> x) => SimdFunctions.Sign<Simd128<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Sigmoid(Simd128<T> x) => SimdFunctions.Sigmoid<Simd128<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Tanh(Simd128<T> x) => SimdFunctions.Tanh<Simd128<T>, T>(x);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128<T> Pow(Simd128<T> x, T p) => SimdFunctions.Pow<Simd128<T>, T>(x, p);
}
