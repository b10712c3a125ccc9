namespace AutoDiffGen.Kernels;

/// <summary>
/// Argument checks shared by the neural-network kernels. Messages are built only when a check fails, so a
/// passing call allocates nothing.
/// </summary>
internal static class KernelArguments
{
    /// <summary>Throws unless <typeparamref name="T"/> is <see cref="float"/> or <see cref="double"/>, the types with SIMD support.</summary>
    public static void ThrowIfUnsupported<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"The kernels support float and double, not {typeof(T).Name}.");
    }

    /// <summary>Throws when any of <paramref name="sizes"/> is negative.</summary>
    public static void NotNegative(params ReadOnlySpan<int> sizes)
    {
        foreach (int size in sizes)
        {
            if (size < 0)
                throw new ArgumentException($"Sizes must not be negative ({string.Join(", ", sizes.ToArray())}).");
        }
    }

    /// <summary>Throws unless <paramref name="span"/> holds exactly the elements of a dense <paramref name="dims"/> array.</summary>
    public static void Length<TElement>(ReadOnlySpan<TElement> span, string name, params ReadOnlySpan<int> dims)
    {
        long expected = 1;
        foreach (int dim in dims) expected *= dim;
        if (span.Length != expected)
            throw new ArgumentException($"'{name}' has {span.Length} elements; {Format(dims)} needs {expected}.", name);
    }

    /// <summary>As <see cref="Length{TElement}"/>, but an empty span, which asks for no output, also passes.</summary>
    public static void LengthOrEmpty<TElement>(ReadOnlySpan<TElement> span, string name, params ReadOnlySpan<int> dims)
    {
        if (!span.IsEmpty) Length(span, name, dims);
    }

    /// <summary>Throws when <paramref name="output"/> shares any memory with <paramref name="other"/>.</summary>
    public static void Disjoint<T>(ReadOnlySpan<T> output, string outputName, ReadOnlySpan<T> other, string otherName)
    {
        if (output.Overlaps(other))
            throw new ArgumentException($"'{outputName}' must not overlap '{otherName}'.", outputName);
    }

    /// <summary>
    /// Throws when <paramref name="output"/> overlaps <paramref name="input"/> without being exactly the same memory:
    /// for kernels that read each element before they write it.
    /// </summary>
    public static void DisjointOrSame<T>(ReadOnlySpan<T> output, string outputName, ReadOnlySpan<T> input, string inputName)
    {
        if (output.Overlaps(input, out int offset) && (offset != 0 || output.Length != input.Length))
            throw new ArgumentException($"'{outputName}' must be either the same memory as '{inputName}' or not overlap it.", outputName);
    }

    private static string Format(ReadOnlySpan<int> dims) => "[" + string.Join(", ", dims.ToArray()) + "]";
}
