using System.Numerics.Tensors;

namespace AutoDiffGen.Tests.Gradients;

/// <summary>
/// <see cref="DoubleOps"/> in float, method for method, so every op's float path is checked against its float path.
/// </summary>
public static partial class SingleOps
{
    // Binary ops and broadcasting
    [Differentiable] public static Tensor<float> Add([Shape("A, B")] Tensor<float> a, [Shape("A, B")] Tensor<float> b) => a + b;
    [Differentiable] public static Tensor<float> AddFourDims([Shape("A, 1, B, 1")] Tensor<float> a, [Shape("C, 1, 1")] Tensor<float> b) => a + b;
    [Differentiable] public static Tensor<float> AddOneToThree([Shape("1")] Tensor<float> a, [Shape("A, 1, B")] Tensor<float> b) => a + b;
    [Differentiable] public static Tensor<float> AddOuter([Shape("A, 1")] Tensor<float> a, [Shape("1, B")] Tensor<float> b) => a + b;
    [Differentiable] public static Tensor<float> SubtractRow([Shape("A, B")] Tensor<float> a, [Shape("B")] Tensor<float> b) => a - b;
    [Differentiable] public static Tensor<float> SubtractColumn([Shape("A, B")] Tensor<float> a, [Shape("A, 1")] Tensor<float> b) => a - b;
    [Differentiable] public static Tensor<float> MultiplyColumn([Shape("A, B")] Tensor<float> a, [Shape("A, 1")] Tensor<float> b) => a * b;
    [Differentiable] public static Tensor<float> MultiplySame([Shape("A, B, C")] Tensor<float> a, [Shape("A, B, C")] Tensor<float> b) => a * b;
    [Differentiable] public static Tensor<float> DivideRow([Shape("A, B")] Tensor<float> a, [Shape("B")] Tensor<float> b) => a / b;
    [Differentiable] public static Tensor<float> DivideBroadcastBoth([Shape("A, 1, C")] Tensor<float> a, [Shape("B, 1")] Tensor<float> b) => a / b;
    [Differentiable] public static Tensor<float> Negate([Shape("A, B")] Tensor<float> a) => -a;

    // Tensor with scalar, both ways
    [Differentiable] public static Tensor<float> AddScalar([Shape("A, B")] Tensor<float> a, float s) => a + s;
    [Differentiable] public static Tensor<float> ScalarMinus([Shape("A, B")] Tensor<float> a, float s) => s - a;
    [Differentiable] public static Tensor<float> MultiplyScalar([Shape("A, B")] Tensor<float> a, float s) => s * a * 3.0f;
    [Differentiable] public static Tensor<float> ScalarOver([Shape("A, B")] Tensor<float> a, float s) => s / a;
    [Differentiable] public static Tensor<float> OverScalar([Shape("A, B")] Tensor<float> a, float s) => a / s;

    // Elementwise functions
    [Differentiable] public static Tensor<float> Exp([Shape("A, B")] Tensor<float> a) => a.Exp();
    [Differentiable] public static Tensor<float> Log([Shape("A, B")] Tensor<float> a) => a.Log();
    [Differentiable] public static Tensor<float> Tanh([Shape("A, B")] Tensor<float> a) => a.Tanh();
    [Differentiable] public static Tensor<float> Sigmoid([Shape("A, B")] Tensor<float> a) => a.Sigmoid();
    [Differentiable] public static Tensor<float> Relu([Shape("A, B")] Tensor<float> a) => a.Relu();
    [Differentiable] public static Tensor<float> Sqrt([Shape("A, B")] Tensor<float> a) => a.Sqrt();
    [Differentiable] public static Tensor<float> Abs([Shape("A, B")] Tensor<float> a) => a.Abs();
    [Differentiable] public static Tensor<float> Square([Shape("A, B")] Tensor<float> a) => a.Square();
    [Differentiable] public static Tensor<float> Sin([Shape("A, B")] Tensor<float> a) => a.Sin();
    [Differentiable] public static Tensor<float> Cos([Shape("A, B")] Tensor<float> a) => a.Cos();
    [Differentiable] public static Tensor<float> PowCube([Shape("A, B")] Tensor<float> a) => a.Pow(3);
    [Differentiable] public static Tensor<float> PowFractional([Shape("A, B")] Tensor<float> a) => a.Pow(2.5f);
    [Differentiable] public static Tensor<float> PowReciprocal([Shape("A, B")] Tensor<float> a) => a.Pow(-1);
    [Differentiable] public static Tensor<float> PowOfScalar([Shape("A, B")] Tensor<float> a, float p) => a.Pow(p);

    // Reductions
    [Differentiable] public static float Sum([Shape("A, B, C")] Tensor<float> a) => a.Sum();
    [Differentiable] public static float Mean([Shape("A, B")] Tensor<float> a) => a.Mean();
    [Differentiable] public static Tensor<float> SumRows([Shape("A, B")] Tensor<float> a) => a.Sum(axis: 0);
    [Differentiable] public static Tensor<float> SumColumnsKept([Shape("A, B")] Tensor<float> a) => a.Sum(axis: 1, keepDims: true);
    [Differentiable] public static Tensor<float> SumMiddle([Shape("A, B, C")] Tensor<float> a) => a.Sum(axis: 1);
    [Differentiable] public static Tensor<float> SumLastNegative([Shape("A, B, C")] Tensor<float> a) => a.Sum(axis: -1, keepDims: true);
    [Differentiable] public static Tensor<float> SumVector([Shape("A")] Tensor<float> a) => a.Sum(axis: 0);
    [Differentiable] public static Tensor<float> MeanColumns([Shape("A, B")] Tensor<float> a) => a.Mean(axis: 1);
    [Differentiable] public static Tensor<float> MeanFirstKept([Shape("A, B, C")] Tensor<float> a) => a.Mean(axis: 0, keepDims: true);

    // Linear algebra
    [Differentiable] public static Tensor<float> MatMul([Shape("A, B")] Tensor<float> a, [Shape("B, C")] Tensor<float> b) => a.MatMul(b);
    [Differentiable] public static Tensor<float> MatVec([Shape("A, B")] Tensor<float> a, [Shape("B")] Tensor<float> b) => a.MatMul(b);
    [Differentiable] public static Tensor<float> VecMat([Shape("A")] Tensor<float> a, [Shape("A, B")] Tensor<float> b) => a.MatMul(b);
    [Differentiable] public static Tensor<float> VecVec([Shape("A")] Tensor<float> a, [Shape("A")] Tensor<float> b) => a.MatMul(b);
    [Differentiable] public static float Dot([Shape("A")] Tensor<float> a, [Shape("A")] Tensor<float> b) => a.Dot(b);
    [Differentiable] public static Tensor<float> Transpose([Shape("A, B")] Tensor<float> a) => a.Transpose();
    [Differentiable] public static Tensor<float> TransposedLeft([Shape("B, A")] Tensor<float> a, [Shape("B, C")] Tensor<float> b) => a.Transpose().MatMul(b);
    [Differentiable] public static Tensor<float> TransposedRight([Shape("A, B")] Tensor<float> a, [Shape("C, B")] Tensor<float> b) => a.MatMul(b.Transpose());
    [Differentiable] public static Tensor<float> TransposedBoth([Shape("B, A")] Tensor<float> a, [Shape("C, B")] Tensor<float> b) => a.Transpose().MatMul(b.Transpose());
    [Differentiable] public static Tensor<float> TransposeThenScale([Shape("A, B")] Tensor<float> a) => a.Transpose() * 2.0f;

    // Neural-network ops
    [Differentiable] public static Tensor<float> MaxAlongRows([Shape("A, B")] Tensor<float> a) => a.Max(axis: 1);
    [Differentiable] public static Tensor<float> MaxMiddleKept([Shape("A, B, C")] Tensor<float> a) => a.Max(axis: 1, keepDims: true);
    [Differentiable] public static Tensor<float> VarBessel([Shape("A, B")] Tensor<float> a) => a.Var(axis: 0);
    [Differentiable] public static Tensor<float> VarBiasedLastKept([Shape("A, B, C")] Tensor<float> a) => a.Var(axis: -1, keepDims: true, correction: 0);
    [Differentiable] public static Tensor<float> Softmax([Shape("A, B")] Tensor<float> a) => a.Softmax(axis: 1);
    [Differentiable] public static Tensor<float> SoftmaxMiddle([Shape("A, B, C")] Tensor<float> a) => a.Softmax(axis: 1);
    [Differentiable] public static Tensor<float> LogSoftmax([Shape("A, B")] Tensor<float> a) => a.LogSoftmax(axis: -1);
    [Differentiable] public static Tensor<float> LogSumExp([Shape("A, B")] Tensor<float> a) => a.LogSumExp(axis: 1);
    [Differentiable] public static Tensor<float> LogSumExpFirstKept([Shape("A, B, C")] Tensor<float> a) => a.LogSumExp(axis: 0, keepDims: true);
    [Differentiable] public static Tensor<float> Embedding([Shape("A, B")] Tensor<float> table, [Shape("B, 2")] Tensor<int> indices) => table.Embedding(indices);
    [Differentiable] public static Tensor<float> Pick([Shape("A, B")] Tensor<float> a, [Shape("A")] Tensor<int> indices) => a.Pick(indices);
    [Differentiable] public static Tensor<float> Gelu([Shape("A, B")] Tensor<float> a) => a.Gelu();
    [Differentiable] public static Tensor<float> GeluOfSum([Shape("A, B")] Tensor<float> a, [Shape("B")] Tensor<float> b) => (a * 1.5f + b).Gelu();
    [Differentiable] public static Tensor<float> GeluExact([Shape("A, B, C")] Tensor<float> a) => a.Gelu(exact: true);
    [Differentiable] public static float GeluExactOfSum([Shape("A, B")] Tensor<float> a, [Shape("B")] Tensor<float> b) => ((a * 2.5f + b).Gelu(exact: true) * a).Sum();
    [Differentiable] public static Tensor<float> Silu([Shape("A, B, C")] Tensor<float> a) => TensorMath.Silu(a);
    [Differentiable] public static Tensor<float> PermuteThree([Shape("A, B, C")] Tensor<float> a) => a.Permute(2, 0, 1);
    [Differentiable] public static Tensor<float> PermuteStatic([Shape("A, B, C")] Tensor<float> a) => TensorMath.Permute(a.Exp(), 0, 2, 1) * 2.0f;
    [Differentiable] public static Tensor<float> TransposeMiddle([Shape("A, B, C, 2")] Tensor<float> a) => a.Transpose(1, 2);
    [Differentiable] public static Tensor<float> TransposeFromEnd([Shape("A, B, C")] Tensor<float> a) => a.Transpose(-1, 0).Tanh();
    [Differentiable] public static Tensor<float> PermuteBroadcast([Shape("A, B, C")] Tensor<float> a, [Shape("B, 1, C")] Tensor<float> b)
        => (a.Permute(1, 0, 2) * b).Permute(2, 1, 0);
    [Differentiable] public static Tensor<float> Flatten([Shape("A, B, C")] Tensor<float> a) => a.Flatten(1) * 2.0f;
    [Differentiable] public static Tensor<float> Reshape([Shape("A, B, C")] Tensor<float> a) => a.Reshape(a.Lengths[0] * a.Lengths[1], -1).Exp();
    [Differentiable] public static float CrossEntropy([Shape("A, B")] Tensor<float> logits, [Shape("A")] Tensor<int> targets) => logits.CrossEntropy(targets);
    [Differentiable] public static float Mse([Shape("A, B")] Tensor<float> a, [Shape("A, B")] Tensor<float> b) => a.Mse(b);
    [Differentiable] public static Tensor<float> BatchNorm([Shape("A, B")] Tensor<float> x, [Shape("B")] Tensor<float> gain, [Shape("B")] Tensor<float> bias)
        => x.BatchNorm(gain, bias);
    [Differentiable] public static Tensor<float> BatchNormBessel([Shape("A, B")] Tensor<float> x, [Shape("1, B")] Tensor<float> gain, [Shape("1, B")] Tensor<float> bias)
        => x.BatchNorm(gain, bias, 1e-5, correction: 1);
    [Differentiable] public static Tensor<float> LayerNorm([Shape("A, B, C")] Tensor<float> x, [Shape("C")] Tensor<float> gain, [Shape("C")] Tensor<float> bias)
        => x.LayerNorm(gain, bias);

    // Constant scalar expressions
    [Differentiable] public static Tensor<float> ScaledBySize([Shape("A, B")] Tensor<float> a) => a * (1.0f / a.Lengths[0]) + a.Lengths[1];
    [Differentiable] public static Tensor<float> ScaledByInt([Shape("A, B")] Tensor<float> a, int n, [NoDiff] float c) => a * (n * c) - n / 2;
    [Differentiable] public static float ScalarFunctions([Shape("A")] Tensor<float> a, float s)
        => MathF.Exp(a.Sum() * s) + MathF.Tanh(s) * MathF.Sqrt(MathF.Abs(s)) + MathF.Log(1 + s * s) + MathF.Sin(s) * MathF.Cos(s) + MathF.Pow(s, 3);
}
