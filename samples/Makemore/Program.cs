// Trains the makemore MLP (Karpathy's "Building makemore" part 4) on a names list with gradients generated at
// compile time, then samples new names and draws the loss curve.
// Usage: dotnet run --project samples/Makemore -c Release [-- words.txt] [--steps N] [--plot out/makemore-loss.png]
using System.Diagnostics;
using System.Numerics.Tensors;
using AutoDiffGen.Samples.Makemore;
using AutoDiffGen.Training;

const int BlockSize = 3, EmbeddingSize = 10, Hidden = 200, Batch = 32;

string path = Path.Combine(AppContext.BaseDirectory, "names.txt");
string plotPath = Path.Combine("out", "makemore-loss.png");
int steps = 30_000;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--steps" && i + 1 < args.Length) steps = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
    else if (args[i] == "--plot" && i + 1 < args.Length) plotPath = args[++i];
    else path = args[i];
}

var random = new Random(2147483647);
var words = Dataset.Load(path);
var (train, validation, test) = Dataset.Build(words, BlockSize, random);
var parameters = new Parameters(random, EmbeddingSize, Hidden, BlockSize);
Console.WriteLine($"makemore: {words.Count} words from {Path.GetFileName(path)}; {train.Count} training, {validation.Count} validation, " +
    $"{test.Count} test examples; {parameters.Count} parameters (context {BlockSize}, embedding {EmbeddingSize}, hidden {Hidden}, batch norm, tanh)");

var contexts = Tensor.Create(new int[Batch * BlockSize], [Batch, BlockSize]);
var targets = Tensor.Create(new int[Batch], [Batch]);
var gradients = new Model.LossGradients();
// Plain SGD, as in the lecture, with the rate dropped for the last quarter.
var sgd = new Sgd<float>(parameters.Trained, learningRate: 0.1f);
var (validationX, validationY) = validation.All();
var history = new LossHistory(steps);
int reportEvery = Math.Max(1, steps / 10);
var clock = new Stopwatch();
var backward = new Stopwatch();
using (var progress = new TrainingProgress("makemore", history, reportEvery))
{
    clock.Start();
    for (int step = 1; step <= steps; step++)
    {
        train.Sample(random, contexts, targets);
        backward.Start();
        float loss = parameters.Backward(contexts, targets, gradients);
        backward.Stop();

        sgd.LearningRate = step <= steps * 3 / 4 ? 0.1f : 0.01f;
        sgd.Step(gradients);

        // The validation loss at ten checkpoints, kept out of the time per step.
        if (step % reportEvery == 0)
        {
            clock.Stop();
            progress.RecordValidation(step, parameters.Loss(validationX, validationY));
            clock.Start();
        }
        progress.Record(loss);
    }
    clock.Stop();
}

var (trainX, trainY) = train.All();
Console.WriteLine($"Loss: {parameters.Loss(trainX, trainY):F4} on the training set, {parameters.Loss(validationX, validationY):F4} on the validation set");
Console.WriteLine($"Time per step: {backward.Elapsed.TotalMicroseconds / steps:F1} µs forward + backward (generated), " +
    $"{clock.Elapsed.TotalMicroseconds / steps:F1} µs with sampling and the SGD update");

var sampler = new Sampler(parameters, train);
Console.WriteLine("Sampled names: " + string.Join(", ", Enumerable.Range(0, 12).Select(_ => sampler.Sample(random))));

try
{
    LossPlot.Save(history, plotPath, $"makemore: loss over {steps:N0} steps (batch {Batch}, SGD 0.1, then 0.01)",
        (steps * 3 / 4, "learning rate 0.1 → 0.01"));
    Console.WriteLine($"Loss curve: {Path.GetFullPath(plotPath)}" +
        (LossPlot.CanDrawText ? "" : " (no fonts under /usr/share/fonts, so without text: apt-get install fonts-dejavu-core)"));
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or TypeInitializationException)
{
    // The picture is a convenience; the run's result is the losses above.
    Console.WriteLine($"Loss curve: not written ({e.GetBaseException().Message})");
}

// A model that learned anything beats the uniform guess, ln 27 ≈ 3.30, by a wide margin.
return parameters.Loss(validationX, validationY) < 2.6f ? 0 : 1;
