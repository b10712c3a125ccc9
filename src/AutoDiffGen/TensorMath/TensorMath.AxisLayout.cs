namespace AutoDiffGen;

public static partial class TensorMath
{
    // A tensor of 'lengths' viewed as [outer, length, inner] around 'axis' (already resolved), the layout every axis
    // kernel takes.
    private static (int Outer, int Length, int Inner) AroundAxis(ReadOnlySpan<nint> lengths, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) outer = checked(outer * (int)lengths[i]);
        for (int i = axis + 1; i < lengths.Length; i++) inner = checked(inner * (int)lengths[i]);
        return (outer, checked((int)lengths[axis]), inner);
    }

    // The lengths of a reduction along 'axis' (already resolved): the axis removed, or kept with length 1 when
    // keepDims. Reducing the only axis of a 1-D tensor gives [1], because Tensor<T> has no rank 0.
    private static nint[] ReducedLengths(ReadOnlySpan<nint> lengths, int axis, bool keepDims)
    {
        if (lengths.Length == 1) return [1];
        var reduced = new nint[keepDims ? lengths.Length : lengths.Length - 1];
        int next = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            if (i != axis) reduced[next++] = lengths[i];
            else if (keepDims) reduced[next++] = 1;
        }
        return reduced;
    }
}
