using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// One differentiable method per op and broadcasting pattern, in double. Tensor results are checked through their
/// vector-Jacobian products, scalar results through their gradients. <see cref="SingleOps"/> repeats every method
/// in float, so each op is checked in both precisions.
/// </summary>
public static partial class DoubleOps
{
    // Binary ops and broadcasting
    [Differentiable] public static Tensor<double> Add([Shape("A, B")] Tensor<double> a, [Shape("A, B")] Tensor<double> b) => a + b;
    [Differentiable] public static Tensor<double> AddFourDims([Shape("A, 1, B, 1")] Tensor<double> a, [Shape("C, 1, 1")] Tensor<double> b) => a + b;
    [Differentiable] public static Tensor<double> AddOneToThree([Shape("1")] Tensor<double> a, [Shape("A, 1, B")] Tensor<double> b) => a + b;
    [Differentiable] public static Tensor<double> AddOuter([Shape("A, 1")] Tensor<double> a, [Shape("1, B")] Tensor<double> b) => a + b;
    [Differentiable] public static Tensor<double> SubtractRow([Shape("A, B")] Tensor<double> a, [Shape("B")] Tensor<double> b) => a - b;
    [Differentiable] public static Tensor<double> SubtractColumn([Shape("A, B")] Tensor<double> a, [Shape("A, 1")] Tensor<double> b) => a - b;
    [Differentiable] public static Tensor<double> MultiplyColumn([Shape("A, B")] Tensor<double> a, [Shape("A, 1")] Tensor<double> b) => a * b;
    [Differentiable] public static Tensor<double> MultiplySame([Shape("A, B, C")] Tensor<double> a, [Shape("A, B, C")] Tensor<double> b) => a * b;
    [Differentiable] public static Tensor<double> DivideRow([Shape("A, B")] Tensor<double> a, [Shape("B")] Tensor<double> b) => a / b;
    [Differentiable] public static Tensor<double> DivideBroadcastBoth([Shape("A, 1, C")] Tensor<double> a, [Shape("B, 1")] Tensor<double> b) => a / b;
    [Differentiable] public static Tensor<double> Negate([Shape("A, B")] Tensor<double> a) => -a;

    // Tensor with scalar, both ways
    [Differentiable] public static Tensor<double> AddScalar([Shape("A, B")] Tensor<double> a, double s) => a + s;
    [Differentiable] public static Tensor<double> ScalarMinus([Shape("A, B")] Tensor<double> a, double s) => s - a;
    [Differentiable] public static Tensor<double> MultiplyScalar([Shape("A, B")] Tensor<double> a, double s) => s * a * 3.0;
    [Differentiable] public static Tensor<double> ScalarOver([Shape("A, B")] Tensor<double> a, double s) => s / a;
    [Differentiable] public static Tensor<double> OverScalar([Shape("A, B")] Tensor<double> a, double s) => a / s;

    // Elementwise functions
    [Differentiable] public static Tensor<double> Exp([Shape("A, B")] Tensor<double> a) => a.Exp();
    [Differentiable] public static Tensor<double> Log([Shape("A, B")] Tensor<double> a) => a.Log();
    [Differentiable] public static Tensor<double> Tanh([Shape("A, B")] Tensor<double> a) => a.Tanh();
    [Differentiable] public static Tensor<double> Sigmoid([Shape("A, B")] Tensor<double> a) => a.Sigmoid();
    [Differentiable] public static Tensor<double> Relu([Shape("A, B")] Tensor<double> a) => a.Relu();
    [Differentiable] public static Tensor<double> Sqrt([Shape("A, B")] Tensor<double> a) => a.Sqrt();
    [Differentiable] public static Tensor<double> Abs([Shape("A, B")] Tensor<double> a) => a.Abs();
    [Differentiable] public static Tensor<double> Square([Shape("A, B")] Tensor<double> a) => a.Square();
    [Differentiable] public static Tensor<double> Sin([Shape("A, B")] Tensor<double> a) => a.Sin();
    [Differentiable] public static Tensor<double> Cos([Shape("A, B")] Tensor<double> a) => a.Cos();
    [Differentiable] public static Tensor<double> PowCube([Shape("A, B")] Tensor<double> a) => a.Pow(3);
    [Differentiable] public static Tensor<double> PowFractional([Shape("A, B")] Tensor<double> a) => a.Pow(2.5);
    [Differentiable] public static Tensor<double> PowReciprocal([Shape("A, B")] Tensor<double> a) => a.Pow(-1);
    [Differentiable] public static Tensor<double> PowOfScalar([Shape("A, B")] Tensor<double> a, double p) => a.Pow(p);

    // Reductions
    [Differentiable] public static double Sum([Shape("A, B, C")] Tensor<double> a) => a.Sum();
    [Differentiable] public static double Mean([Shape("A, B")] Tensor<double> a) => a.Mean();
    [Differentiable] public static Tensor<double> SumRows([Shape("A, B")] Tensor<double> a) => a.Sum(axis: 0);
    [Differentiable] public static Tensor<double> SumColumnsKept([Shape("A, B")] Tensor<double> a) => a.Sum(axis: 1, keepDims: true);
    [Differentiable] public static Tensor<double> SumMiddle([Shape("A, B, C")] Tensor<double> a) => a.Sum(axis: 1);
    [Differentiable] public static Tensor<double> SumLastNegative([Shape("A, B, C")] Tensor<double> a) => a.Sum(axis: -1, keepDims: true);
    [Differentiable] public static Tensor<double> SumVector([Shape("A")] Tensor<double> a) => a.Sum(axis: 0);
    [Differentiable] public static Tensor<double> MeanColumns([Shape("A, B")] Tensor<double> a) => a.Mean(axis: 1);
    [Differentiable] public static Tensor<double> MeanFirstKept([Shape("A, B, C")] Tensor<double> a) => a.Mean(axis: 0, keepDims: true);

    // Linear algebra
    [Differentiable] public static Tensor<double> MatMul([Shape("A, B")] Tensor<double> a, [Shape("B, C")] Tensor<double> b) => a.MatMul(b);
    [Differentiable] public static Tensor<double> MatVec([Shape("A, B")] Tensor<double> a, [Shape("B")] Tensor<double> b) => a.MatMul(b);
    [Differentiable] public static Tensor<double> VecMat([Shape("A")] Tensor<double> a, [Shape("A, B")] Tensor<double> b) => a.MatMul(b);
    [Differentiable] public static Tensor<double> VecVec([Shape("A")] Tensor<double> a, [Shape("A")] Tensor<double> b) => a.MatMul(b);
    [Differentiable] public static double Dot([Shape("A")] Tensor<double> a, [Shape("A")] Tensor<double> b) => a.Dot(b);
    [Differentiable] public static Tensor<double> Transpose([Shape("A, B")] Tensor<double> a) => a.Transpose();
    [Differentiable] public static Tensor<double> TransposedLeft([Shape("B, A")] Tensor<double> a, [Shape("B, C")] Tensor<double> b) => a.Transpose().MatMul(b);
    [Differentiable] public static Tensor<double> TransposedRight([Shape("A, B")] Tensor<double> a, [Shape("C, B")] Tensor<double> b) => a.MatMul(b.Transpose());
    [Differentiable] public static Tensor<double> TransposedBoth([Shape("B, A")] Tensor<double> a, [Shape("C, B")] Tensor<double> b) => a.Transpose().MatMul(b.Transpose());
    [Differentiable] public static Tensor<double> TransposeThenScale([Shape("A, B")] Tensor<double> a) => a.Transpose() * 2.0;

    // Neural-network ops
    [Differentiable] public static Tensor<double> MaxAlongRows([Shape("A, B")] Tensor<double> a) => a.Max(axis: 1);
    [Differentiable] public static Tensor<double> MaxMiddleKept([Shape("A, B, C")] Tensor<double> a) => a.Max(axis: 1, keepDims: true);
    [Differentiable] public static Tensor<double> VarBessel([Shape("A, B")] Tensor<double> a) => a.Var(axis: 0);
    [Differentiable] public static Tensor<double> VarBiasedLastKept([Shape("A, B, C")] Tensor<double> a) => a.Var(axis: -1, keepDims: true, correction: 0);
    [Differentiable] public static Tensor<double> Softmax([Shape("A, B")] Tensor<double> a) => a.Softmax(axis: 1);
    [Differentiable] public static Tensor<double> SoftmaxMiddle([Shape("A, B, C")] Tensor<double> a) => a.Softmax(axis: 1);
    [Differentiable] public static Tensor<double> LogSoftmax([Shape("A, B")] Tensor<double> a) => a.LogSoftmax(axis: -1);
    [Differentiable] public static Tensor<double> LogSumExp([Shape("A, B")] Tensor<double> a) => a.LogSumExp(axis: 1);
    [Differentiable] public static Tensor<double> LogSumExpFirstKept([Shape("A, B, C")] Tensor<double> a) => a.LogSumExp(axis: 0, keepDims: true);
    [Differentiable] public static Tensor<double> Embedding([Shape("A, B")] Tensor<double> table, [Shape("B, 2")] Tensor<int> indices) => table.Embedding(indices);
    [Differentiable] public static Tensor<double> Pick([Shape("A, B")] Tensor<double> a, [Shape("A")] Tensor<int> indices) => a.Pick(indices);
    [Differentiable] public static Tensor<double> Gelu([Shape("A, B")] Tensor<double> a) => a.Gelu();
    [Differentiable] public static Tensor<double> GeluOfSum([Shape("A, B")] Tensor<double> a, [Shape("B")] Tensor<double> b) => (a * 1.5 + b).Gelu();
    [Differentiable] public static Tensor<double> GeluExact([Shape("A, B, C")] Tensor<double> a) => a.Gelu(exact: true);
    [Differentiable] public static double GeluExactOfSum([Shape("A, B")] Tensor<double> a, [Shape("B")] Tensor<double> b) => ((a * 2.5 + b).Gelu(exact: true) * a).Sum();
    [Differentiable] public static Tensor<double> Silu([Shape("A, B, C")] Tensor<double> a) => TensorMath.Silu(a);
    [Differentiable] public static Tensor<double> PermuteThree([Shape("A, B, C")] Tensor<double> a) => a.Permute(2, 0, 1);
    [Differentiable] public static Tensor<double> PermuteStatic([Shape("A, B, C")] Tensor<double> a) => TensorMath.Permute(a.Exp(), 0, 2, 1) * 2.0;
    [Differentiable] public static Tensor<double> TransposeMiddle([Shape("A, B, C, 2")] Tensor<double> a) => a.Transpose(1, 2);
    [Differentiable] public static Tensor<double> TransposeFromEnd([Shape("A, B, C")] Tensor<double> a) => a.Transpose(-1, 0).Tanh();
    [Differentiable] public static Tensor<double> PermuteBroadcast([Shape("A, B, C")] Tensor<double> a, [Shape("B, 1, C")] Tensor<double> b)
        => (a.Permute(1, 0, 2) * b).Permute(2, 1, 0);
    [Differentiable] public static Tensor<double> Flatten([Shape("A, B, C")] Tensor<double> a) => a.Flatten(1) * 2.0;
    [Differentiable] public static Tensor<double> Reshape([Shape("A, B, C")] Tensor<double> a) => a.Reshape(a.Lengths[0] * a.Lengths[1], -1).Exp();
    [Differentiable] public static double CrossEntropy([Shape("A, B")] Tensor<double> logits, [Shape("A")] Tensor<int> targets) => logits.CrossEntropy(targets);
    [Differentiable] public static double Mse([Shape("A, B")] Tensor<double> a, [Shape("A, B")] Tensor<double> b) => a.Mse(b);
    [Differentiable] public static Tensor<double> BatchNorm([Shape("A, B")] Tensor<double> x, [Shape("B")] Tensor<double> gain, [Shape("B")] Tensor<double> bias)
        => x.BatchNorm(gain, bias);
    [Differentiable] public static Tensor<double> BatchNormBessel([Shape("A, B")] Tensor<double> x, [Shape("1, B")] Tensor<double> gain, [Shape("1, B")] Tensor<double> bias)
        => x.BatchNorm(gain, bias, 1e-5, correction: 1);
    [Differentiable] public static Tensor<double> LayerNorm([Shape("A, B, C")] Tensor<double> x, [Shape("C")] Tensor<double> gain, [Shape("C")] Tensor<double> bias)
        => x.LayerNorm(gain, bias);

    // Constant scalar expressions
    [Differentiable] public static Tensor<double> ScaledBySize([Shape("A, B")] Tensor<double> a) => a * (1.0 / a.Lengths[0]) + a.Lengths[1];
    [Differentiable] public static Tensor<double> ScaledByInt([Shape("A, B")] Tensor<double> a, int n, [NoDiff] double c) => a * (n * c) - n / 2;
    [Differentiable] public static double ScalarFunctions([Shape("A")] Tensor<double> a, double s)
        => Math.Exp(a.Sum() * s) + Math.Tanh(s) * Math.Sqrt(Math.Abs(s)) + Math.Log(1 + s * s) + Math.Sin(s) * Math.Cos(s) + Math.Pow(s, 3);
}
