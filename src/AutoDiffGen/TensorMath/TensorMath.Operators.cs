using System.Numerics.Tensors;
using AutoDiffGen.Kernels;

namespace AutoDiffGen;

// The in-box generic Tensor<T> operators broadcast incorrectly in System.Numerics.Tensors 10.0 ([2, 3] + [2, 1]
// gives a [2, 1] tensor). These non-generic extension operators win overload resolution against them wherever
// 'using AutoDiffGen;' is in scope, and broadcast as NumPy does. Each is one line over a shared generic kernel.
// The compound assignments update the left tensor in place (a non-dense one through its strides), so the right
// operand must broadcast to the left's shape.
public static partial class TensorMath
{
    /// <summary>
    /// The arithmetic operators of <see cref="Tensor{T}"/> of <see cref="float"/>, with NumPy/PyTorch broadcasting.
    /// </summary>
    /// <param name="tensor">The tensor a compound assignment updates in place.</param>
    extension(Tensor<float> tensor)
    {
        /// <summary>Elementwise <c>left + right</c>, the operands broadcast together.</summary>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
        public static Tensor<float> operator +(Tensor<float> left, Tensor<float> right) => Combine(left, right, new AddOperator<float>());

        /// <summary>Elementwise <c>left - right</c>, the operands broadcast together.</summary>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
        public static Tensor<float> operator -(Tensor<float> left, Tensor<float> right) => Combine(left, right, new SubtractOperator<float>());

        /// <summary>Elementwise <c>left * right</c>, the operands broadcast together.</summary>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
        public static Tensor<float> operator *(Tensor<float> left, Tensor<float> right) => Combine(left, right, new MultiplyOperator<float>());

        /// <summary>Elementwise <c>left / right</c>, the operands broadcast together.</summary>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
        public static Tensor<float> operator /(Tensor<float> left, Tensor<float> right) => Combine(left, right, new DivideOperator<float>());

        /// <summary><c>left[i] + right</c> for every element.</summary>
        public static Tensor<float> operator +(Tensor<float> left, float right) => Combine(left, right, new AddOperator<float>());

        /// <summary><c>left[i] - right</c> for every element.</summary>
        public static Tensor<float> operator -(Tensor<float> left, float right) => Combine(left, right, new SubtractOperator<float>());

        /// <summary><c>left[i] * right</c> for every element.</summary>
        public static Tensor<float> operator *(Tensor<float> left, float right) => Combine(left, right, new MultiplyOperator<float>());

        /// <summary><c>left[i] / right</c> for every element.</summary>
        public static Tensor<float> operator /(Tensor<float> left, float right) => Combine(left, right, new DivideOperator<float>());

        /// <summary><c>left + right[i]</c> for every element.</summary>
        public static Tensor<float> operator +(float left, Tensor<float> right) => Combine(left, right, new AddOperator<float>());

        /// <summary><c>left - right[i]</c> for every element.</summary>
        public static Tensor<float> operator -(float left, Tensor<float> right) => Combine(left, right, new SubtractOperator<float>());

        /// <summary><c>left * right[i]</c> for every element.</summary>
        public static Tensor<float> operator *(float left, Tensor<float> right) => Combine(left, right, new MultiplyOperator<float>());

        /// <summary><c>left / right[i]</c> for every element.</summary>
        public static Tensor<float> operator /(float left, Tensor<float> right) => Combine(left, right, new DivideOperator<float>());

        /// <summary>Elementwise negation.</summary>
        public static Tensor<float> operator -(Tensor<float> value) => Map(value, new NegateOperator<float>());

        /// <summary>Adds <paramref name="right"/>, broadcast to this tensor's shape, in place.</summary>
        /// <exception cref="ArgumentException"><paramref name="right"/> does not broadcast to this tensor's shape.</exception>
        public void operator +=(Tensor<float> right) => CombineInPlace(tensor, right, new AddOperator<float>());

        /// <summary>Subtracts <paramref name="right"/>, broadcast to this tensor's shape, in place.</summary>
        /// <exception cref="ArgumentException"><paramref name="right"/> does not broadcast to this tensor's shape.</exception>
        public void operator -=(Tensor<float> right) => CombineInPlace(tensor, right, new SubtractOperator<float>());

        /// <summary>Multiplies by <paramref name="right"/>, broadcast to this tensor's shape, in place.</summary>
        /// <exception cref="ArgumentException"><paramref name="right"/> does not broadcast to this tensor's shape.</exception>
        public void operator *=(Tensor<float> right) => CombineInPlace(tensor, right, new MultiplyOperator<float>());

        /// <summary>Divides by <paramref name="right"/>, broadcast to this tensor's shape, in place.</summary>
        /// <exception cref="ArgumentException"><paramref name="right"/> does not broadcast to this tensor's shape.</exception>
        public void operator /=(Tensor<float> right) => CombineInPlace(tensor, right, new DivideOperator<float>());

        /// <summary>Adds <paramref name="right"/> to every element in place.</summary>
        public void operator +=(float right) => CombineInPlace(tensor, right, new AddOperator<float>());

        /// <summary>Subtracts <paramref name="right"/> from every element in place.</summary>
        public void operator -=(float right) => CombineInPlace(tensor, right, new SubtractOperator<float>());

        /// <summary>Multiplies every element by <paramref name="right"/> in place.</summary>
        public void operator *=(float right) => CombineInPlace(tensor, right, new MultiplyOperator<float>());

        /// <summary>Divides every element by <paramref name="right"/> in place.</summary>
        public void operator /=(float right) => CombineInPlace(tensor, right, new DivideOperator<float>());
    }

    /// <summary>
    /// The arithmetic operators of <see cref="Tensor{T}"/> of <see cref="double"/>, with NumPy/PyTorch broadcasting.
    /// </summary>
    /// <param name="tensor">The tensor a compound assignment updates in place.</param>
    extension(Tensor<double> tensor)
    {
        /// <summary>Elementwise <c>left + right</c>, the operands broadcast together.</summary>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
        public static Tensor<double> operator +(Tensor<double> left, Tensor<double> right) => Combine(left, right, new AddOperator<double>());

        /// <summary>Elementwise <c>left - right</c>, the operands broadcast together.</summary>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
        public static Tensor<double> operator -(Tensor<double> left, Tensor<double> right) => Combine(left, right, new SubtractOperator<double>());

        /// <summary>Elementwise <c>left * right</c>, the operands broadcast together.</summary>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
        public static Tensor<double> operator *(Tensor<double> left, Tensor<double> right) => Combine(left, right, new MultiplyOperator<double>());

        /// <summary>Elementwise <c>left / right</c>, the operands broadcast together.</summary>
        /// <exception cref="ArgumentException">The shapes cannot be broadcast together.</exception>
        public static Tensor<double> operator /(Tensor<double> left, Tensor<double> right) => Combine(left, right, new DivideOperator<double>());

        /// <summary><c>left[i] + right</c> for every element.</summary>
        public static Tensor<double> operator +(Tensor<double> left, double right) => Combine(left, right, new AddOperator<double>());

        /// <summary><c>left[i] - right</c> for every element.</summary>
        public static Tensor<double> operator -(Tensor<double> left, double right) => Combine(left, right, new SubtractOperator<double>());

        /// <summary><c>left[i] * right</c> for every element.</summary>
        public static Tensor<double> operator *(Tensor<double> left, double right) => Combine(left, right, new MultiplyOperator<double>());

        /// <summary><c>left[i] / right</c> for every element.</summary>
        public static Tensor<double> operator /(Tensor<double> left, double right) => Combine(left, right, new DivideOperator<double>());

        /// <summary><c>left + right[i]</c> for every element.</summary>
        public static Tensor<double> operator +(double left, Tensor<double> right) => Combine(left, right, new AddOperator<double>());

        /// <summary><c>left - right[i]</c> for every element.</summary>
        public static Tensor<double> operator -(double left, Tensor<double> right) => Combine(left, right, new SubtractOperator<double>());

        /// <summary><c>left * right[i]</c> for every element.</summary>
        public static Tensor<double> operator *(double left, Tensor<double> right) => Combine(left, right, new MultiplyOperator<double>());

        /// <summary><c>left / right[i]</c> for every element.</summary>
        public static Tensor<double> operator /(double left, Tensor<double> right) => Combine(left, right, new DivideOperator<double>());

        /// <summary>Elementwise negation.</summary>
        public static Tensor<double> operator -(Tensor<double> value) => Map(value, new NegateOperator<double>());

        /// <summary>Adds <paramref name="right"/>, broadcast to this tensor's shape, in place.</summary>
        /// <exception cref="ArgumentException"><paramref name="right"/> does not broadcast to this tensor's shape.</exception>
        public void operator +=(Tensor<double> right) => CombineInPlace(tensor, right, new AddOperator<double>());

        /// <summary>Subtracts <paramref name="right"/>, broadcast to this tensor's shape, in place.</summary>
        /// <exception cref="ArgumentException"><paramref name="right"/> does not broadcast to this tensor's shape.</exception>
        public void operator -=(Tensor<double> right) => CombineInPlace(tensor, right, new SubtractOperator<double>());

        /// <summary>Multiplies by <paramref name="right"/>, broadcast to this tensor's shape, in place.</summary>
        /// <exception cref="ArgumentException"><paramref name="right"/> does not broadcast to this tensor's shape.</exception>
        public void operator *=(Tensor<double> right) => CombineInPlace(tensor, right, new MultiplyOperator<double>());

        /// <summary>Divides by <paramref name="right"/>, broadcast to this tensor's shape, in place.</summary>
        /// <exception cref="ArgumentException"><paramref name="right"/> does not broadcast to this tensor's shape.</exception>
        public void operator /=(Tensor<double> right) => CombineInPlace(tensor, right, new DivideOperator<double>());

        /// <summary>Adds <paramref name="right"/> to every element in place.</summary>
        public void operator +=(double right) => CombineInPlace(tensor, right, new AddOperator<double>());

        /// <summary>Subtracts <paramref name="right"/> from every element in place.</summary>
        public void operator -=(double right) => CombineInPlace(tensor, right, new SubtractOperator<double>());

        /// <summary>Multiplies every element by <paramref name="right"/> in place.</summary>
        public void operator *=(double right) => CombineInPlace(tensor, right, new MultiplyOperator<double>());

        /// <summary>Divides every element by <paramref name="right"/> in place.</summary>
        public void operator /=(double right) => CombineInPlace(tensor, right, new DivideOperator<double>());
    }
}
