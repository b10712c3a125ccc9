// Trains a small MLP to separate three interleaved spirals, with gradients generated at compile time.
using System.Diagnostics;
using System.Numerics.Tensors;
using AutoDiffGen.Samples.Spirals;
using AutoDiffGen.Training;

const int Classes = 3, PointsPerClass = 200, Hidden = 64, Steps = 2000;

var random = new Random(7);
var (train, test) = SpiralData.Generate(random, Classes, PointsPerClass, noise: 0.2).Split(every: 5);
var w1 = Tensor.Create(new float[2 * Hidden], [2, Hidden]);
Initializers.Normal(w1, 1.0, random);
var b1 = Tensor.Create(new float[Hidden], [Hidden]);
var w2 = Tensor.Create(new float[Hidden * Classes], [Hidden, Classes]);
Initializers.XavierNormal(w2, fanIn: Hidden, fanOut: Classes, random);
var b2 = Tensor.Create(new float[Classes], [Classes]);
var optimizer = new Adam<float>(Classifier.LossGradients.Parameters(w1, b1, w2, b2), learningRate: 0.01f);
var gradients = new Classifier.LossGradients();

Console.WriteLine($"Spirals: {Classes} classes, {train.Count} training and {test.Count} held-out points; MLP 2 → {Hidden} (tanh) → {Classes}");
float loss = 0;
var clock = Stopwatch.StartNew();
for (int step = 1; step <= Steps; step++)
{
    loss = Classifier.LossBackward(train.Points, w1, b1, w2, b2, train.OneHot, gradients);
    optimizer.Step(gradients);
    if (step % 250 == 0 || step == 1)
    {
        double accuracy = Classifier.Accuracy(Classifier.Logits(train.Points, w1, b1, w2, b2), train.Labels);
        Console.WriteLine($"  step {step,4}  loss {loss:F4}  train accuracy {accuracy:P1}");
    }
}
clock.Stop();

double trainAccuracy = Classifier.Accuracy(Classifier.Logits(train.Points, w1, b1, w2, b2), train.Labels);
double testAccuracy = Classifier.Accuracy(Classifier.Logits(test.Points, w1, b1, w2, b2), test.Labels);
Console.WriteLine($"Final loss {loss:F4}; accuracy {trainAccuracy:P1} on training points, {testAccuracy:P1} on held-out points");
Console.WriteLine($"{clock.Elapsed.TotalMilliseconds * 1000 / Steps:F0} µs per training step (forward, backward and Adam update)");
return testAccuracy >= 0.9 ? 0 : 1;
