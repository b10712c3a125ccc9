using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Kernels;
using AutoDiffGen.Runtime;

namespace AutoDiffGen;

// The shared implementations behind the arithmetic operators of TensorMath.Operators.cs.
public static partial class TensorMath
{
    // left ⊕ right broadcast together, into a new tensor of the broadcast shape.
    private static Tensor<T> Combine<T, TOperator>(Tensor<T> left, Tensor<T> right, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IBinaryOperator<T>
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ThrowIfUnsupported<T>();
        ReadOnlySpan<nint> leftLengths = left.Lengths, rightLengths = right.Lengths;

        Span<nint> resultLengths = stackalloc nint[Broadcasting.MaxRank];
        bool sameShape = leftLengths.SequenceEqual(rightLengths);
        if (sameShape)
            resultLengths = resultLengths[..0];
        else
            resultLengths = resultLengths[..Broadcasting.ResultLengths(leftLengths, rightLengths, resultLengths)];

        T[]? leftCopy = null, rightCopy = null;
        ReadOnlySpan<T> leftData = Read(left, ref leftCopy);
        ReadOnlySpan<T> rightData = Read(right, ref rightCopy);
        if (sameShape)
        {
            // Equal shapes need no broadcasting, at any rank: one flat row.
            T[] data = GC.AllocateUninitializedArray<T>(leftData.Length);
            ReadOnlySpan<nint> flat = [leftData.Length];
            Run(leftData, flat, rightData, flat, flat, data, op);
            return TensorData.Wrap(data, leftLengths);
        }

        T[] result = GC.AllocateUninitializedArray<T>(checked((int)Product(resultLengths)));
        Run(leftData, leftLengths, rightData, rightLengths, resultLengths, result, op);
        return TensorData.Wrap(result, resultLengths);
    }

    // left ⊕ right for every element of left, into a new tensor of left's shape.
    private static Tensor<T> Combine<T, TOperator>(Tensor<T> left, T right, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IBinaryOperator<T>
    {
        ArgumentNullException.ThrowIfNull(left);
        ThrowIfUnsupported<T>();
        T[]? copy = null;
        ReadOnlySpan<T> leftData = Read(left, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(leftData.Length);
        ReadOnlySpan<nint> flat = [leftData.Length];
        Run(leftData, flat, new ReadOnlySpan<T>(in right), [], flat, data, op);
        return TensorData.Wrap(data, left.Lengths);
    }

    // left ⊕ right for every element of right, into a new tensor of right's shape.
    private static Tensor<T> Combine<T, TOperator>(T left, Tensor<T> right, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IBinaryOperator<T>
    {
        ArgumentNullException.ThrowIfNull(right);
        ThrowIfUnsupported<T>();
        T[]? copy = null;
        ReadOnlySpan<T> rightData = Read(right, ref copy);
        T[] data = GC.AllocateUninitializedArray<T>(rightData.Length);
        ReadOnlySpan<nint> flat = [rightData.Length];
        Run(new ReadOnlySpan<T>(in left), [], rightData, flat, flat, data, op);
        return TensorData.Wrap(data, right.Lengths);
    }

    // tensor = tensor ⊕ right in place, right broadcast to tensor's shape.
    private static void CombineInPlace<T, TOperator>(Tensor<T> tensor, Tensor<T> right, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IBinaryOperator<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(right);
        ThrowIfUnsupported<T>();
        ReadOnlySpan<nint> lengths = tensor.Lengths, rightLengths = right.Lengths;
        if (!Broadcasting.BroadcastsTo(rightLengths, lengths))
            throw new ArgumentException($"Cannot broadcast {Shape(right)} into {Shape(tensor)} in place.", nameof(right));

        T[]? copy = null;
        ReadOnlySpan<T> rightData = Read(right, ref copy);
        if (lengths.SequenceEqual(rightLengths))
        {
            ReadOnlySpan<nint> flat = [rightData.Length];
            Update(tensor, flat, rightData, flat, op);
        }
        else
        {
            Update(tensor, lengths, rightData, rightLengths, op);
        }
    }

    // tensor = tensor ⊕ right in place.
    private static void CombineInPlace<T, TOperator>(Tensor<T> tensor, T right, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IBinaryOperator<T>
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ThrowIfUnsupported<T>();
        ReadOnlySpan<nint> flat = [Length(tensor)];
        Update(tensor, flat, new ReadOnlySpan<T>(in right), [], op);
    }

    // Overwrites tensor with tensor ⊕ right, where 'lengths' describes tensor's elements (its shape or one flat row)
    // and right broadcasts to it. A non-dense tensor is computed in a dense copy and written back through its strides.
    private static void Update<T, TOperator>(Tensor<T> tensor, ReadOnlySpan<nint> lengths, ReadOnlySpan<T> right, ReadOnlySpan<nint> rightLengths, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IBinaryOperator<T>
    {
        int count = Length(tensor);
        if (count == 0) return;
        if (tensor.IsDense)
        {
            Span<T> data = Write(tensor, nameof(tensor));
            // Only an operand read element for element in step with the target may share its memory: a repeated
            // one would read elements already overwritten.
            if (right.Overlaps(data, out int offset) && (offset != 0 || right.Length != data.Length))
                right = right.ToArray();
            Run(data, lengths, right, rightLengths, lengths, data, op);
        }
        else
        {
            T[] data = GC.AllocateUninitializedArray<T>(count);
            tensor.FlattenTo(data);
            Run(data, lengths, right, rightLengths, lengths, data, op);
            TensorData.Wrap(data, tensor.Lengths).CopyTo(tensor);
        }
    }

    // destination = left ⊕ right over dense data, each operand broadcast from its lengths to resultLengths.
    private static void Run<T, TOperator>(ReadOnlySpan<T> left, ReadOnlySpan<nint> leftLengths, ReadOnlySpan<T> right, ReadOnlySpan<nint> rightLengths,
        ReadOnlySpan<nint> resultLengths, Span<T> destination, TOperator op)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOperator : struct, IBinaryOperator<T>
    {
        Broadcasting.Plan(leftLengths, rightLengths, resultLengths, out BroadcastLoop loop);
        BroadcastKernel.Apply(left, right, destination, in loop, op);
    }

    private static long Product(ReadOnlySpan<nint> lengths)
    {
        long product = 1;
        foreach (nint length in lengths) product *= length;
        return product;
    }
}
