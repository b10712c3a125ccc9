using System.Numerics.Tensors;
using AutoDiffGen;
using AutoDiffGen.Training;

// Fits a small two-layer network to y = sin(2x) with gradients generated from the package's analyzer.
var random = new Random(7);
const int n = 128, hidden = 16;
var x = Tensor.Create(Enumerable.Range(0, n).Select(i => -1.5f + 3f * i / (n - 1)).ToArray(), [n, 1]);
var y = Tensor.Create(x.ToArray().Select(v => MathF.Sin(2 * v)).ToArray(), [n, 1]);
Tensor<float> Random(int rows, int columns, float scale)
    => Tensor.Create(Enumerable.Range(0, rows * columns).Select(_ => scale * (float)(random.NextDouble() * 2 - 1)).ToArray(), [rows, columns]);
var w1 = Random(1, hidden, 1.5f);
var b1 = Tensor.Create(new float[hidden], [hidden]);
var w2 = Random(hidden, 1, 0.5f);

var gradients = new Model.LossGradients();
var optimizer = new Adam<float>(Model.LossGradients.Parameters(w1, b1, w2), learningRate: 0.01f);
float first = 0, loss = 0;
for (int step = 0; step < 3000; step++)
{
    loss = Model.LossBackward(x, y, w1, b1, w2, gradients);
    if (step == 0) first = loss;
    optimizer.Step(gradients);
    if (step % 1000 == 0) Console.WriteLine($"step {step}: loss {loss:F5}");
}
Console.WriteLine($"loss {first:F5} → {loss:F5}");
if (!(loss < first / 10)) throw new InvalidOperationException("the loss did not fall: the generated gradients are wrong");
Console.WriteLine("trained with generated gradients from the AutoDiffGen package");

public static partial class Model
{
    [Differentiable]
    public static float Loss([NoDiff, Shape("N, 1")] Tensor<float> x, [NoDiff, Shape("N, 1")] Tensor<float> y,
        [Shape("1, H")] Tensor<float> w1, [Shape("H")] Tensor<float> b1, [Shape("H, 1")] Tensor<float> w2)
    {
        var h = (x.MatMul(w1) + b1).Tanh();
        return h.MatMul(w2).Mse(y);
    }
}
