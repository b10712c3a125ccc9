// Fits a linear model by gradient descent on its generated gradient, and checks that gradient against the
// closed form (1/m)·Xᵀ(Xθ − y) at every step.
using System.Diagnostics;
using System.Numerics.Tensors;
using AutoDiffGen.Samples.LinearRegression;

const int Samples = 1000, Features = 8, Steps = 200;
const double LearningRate = 0.5, Noise = 0.1;

var random = new Random(42);
var trueTheta = Enumerable.Range(0, Features).Select(_ => random.NextDouble() * 4 - 2).ToArray();
var xValues = new double[Samples * Features];
var yValues = new double[Samples];
for (int i = 0; i < Samples; i++)
{
    double target = 0;
    for (int j = 0; j < Features; j++)
    {
        double feature = random.NextDouble() * 2 - 1;
        xValues[i * Features + j] = feature;
        target += feature * trueTheta[j];
    }
    yValues[i] = target + Noise * (random.NextDouble() * 2 - 1);
}
var x = Tensor.Create(xValues, [Samples, Features]);
var y = Tensor.Create(yValues, [Samples]);
var theta = Tensor.Create(new double[Features], [Features]);

Console.WriteLine($"Linear regression: {Samples} samples, {Features} features, gradient descent with the generated dθ");
var gradients = new LinearModel.LossGradients();
double worstMismatch = 0, loss = 0;
var clock = Stopwatch.StartNew();
for (int step = 0; step <= Steps; step++)
{
    loss = LinearModel.LossBackward(x, theta, y, gradients);

    var (closedForm, magnitude) = LinearModel.ClosedFormGradient(x, theta, y);
    for (int j = 0; j < Features; j++) worstMismatch = Math.Max(worstMismatch, Math.Abs(gradients.Theta[j] - closedForm[j]) / magnitude[j]);

    if (step % 40 == 0) Console.WriteLine($"  step {step,3}  loss {loss:F6}");
    for (int j = 0; j < Features; j++) theta[j] -= LearningRate * gradients.Theta[j];
}
clock.Stop();

double thetaError = Enumerable.Range(0, Features).Max(j => Math.Abs(theta[j] - trueTheta[j]));
Console.WriteLine($"Final loss {loss:F6}; largest |θ − θ*| = {thetaError:F4} (noise {Noise})");
Console.WriteLine($"Generated dθ vs (1/m)·Xᵀ(Xθ − y): largest difference {worstMismatch:E2} of the terms' magnitude over {Steps + 1} steps");
Console.WriteLine($"{clock.Elapsed.TotalMilliseconds / (Steps + 1) * 1000:F0} µs per step, closed-form check included");
return worstMismatch < 1e-12 && thetaError < 0.05 ? 0 : 1;
