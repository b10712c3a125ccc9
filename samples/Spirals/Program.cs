// Trains a small MLP to separate three interleaved spirals, with gradients generated at compile time.
using System.Diagnostics;
using AutoDiffGen.Samples;
using AutoDiffGen.Samples.Spirals;

const int Classes = 3, PointsPerClass = 200, Hidden = 64, Steps = 2000;

var random = new Random(7);
var (train, test) = SpiralData.Generate(random, Classes, PointsPerClass, noise: 0.2).Split(every: 5);
var w1 = Init.Normal(random, 1.0f, 2, Hidden);
var b1 = Init.Zeros(Hidden);
var w2 = Init.Normal(random, 1.0f / MathF.Sqrt(Hidden), Hidden, Classes);
var b2 = Init.Zeros(Classes);
var parameters = new[] { w1, b1, w2, b2 };
var optimizer = new Adam<float>(parameters, learningRate: 0.01);
var gradients = new Classifier.LossGradients();

Console.WriteLine($"Spirals: {Classes} classes, {train.Count} training and {test.Count} held-out points; MLP 2 → {Hidden} (tanh) → {Classes}");
float loss = 0;
var clock = Stopwatch.StartNew();
for (int step = 1; step <= Steps; step++)
{
    loss = Classifier.LossBackward(train.Points, w1, b1, w2, b2, train.OneHot, gradients);
    optimizer.Step([gradients.W1, gradients.B1, gradients.W2, gradients.B2]);
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
