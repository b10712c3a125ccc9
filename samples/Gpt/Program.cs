// Trains a small character-level GPT (a loop over four pre-norm blocks, four heads, tied output projection) on the
// opening of Shakespeare's Coriolanus with gradients generated at compile time and Adam, then writes a generated passage.
// Usage: dotnet run --project samples/Gpt -c Release [-- text.txt] [--steps N] [--layers L]
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using AutoDiffGen.Samples.Gpt;
using AutoDiffGen.Training;

const int Context = 64, Width = 64, Batch = 8;

string path = Path.Combine(AppContext.BaseDirectory, "coriolanus.txt");
int steps = 2000, layers = 4;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--steps" && i + 1 < args.Length) steps = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--layers" && i + 1 < args.Length) layers = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else path = args[i];
}

var random = new Random(1337);
var data = new CharacterData(File.ReadAllText(path));
var weights = new Weights(random, data.Vocabulary, Context, Width, layers);
Console.WriteLine($"gpt: {data.TrainLength:N0} training and {data.ValidationLength:N0} validation characters from {Path.GetFileName(path)}, " +
    $"vocabulary {data.Vocabulary}; {weights.Count:N0} parameters ({layers} blocks, 4 heads, width {Width}, context {Context}, batch {Batch})");

var tokens = Tensor.Create(new int[Batch * Context], [Batch, Context]);
var targets = Tensor.Create(new int[Batch * Context], [Batch * Context]);
var gradients = new Model.LossGradients();
var evaluation = new Model.LossGradients();
var adam = new AdamW<float>(weights.Trained, learningRate: 1e-3f, weightDecay: 0.01f);
var schedule = new CosineSchedule(Rate: 2e-3, WarmupSteps: Math.Min(100, steps / 10), TotalSteps: steps, MinimumRate: 2e-4);

// The mean loss over the validation text, in consecutive windows.
float Validation()
{
    int batches = data.ValidationBatches(Batch, Context);
    double total = 0;
    for (int i = 0; i < batches; i++)
    {
        data.ValidationBatch(i, tokens, targets);
        total += weights.Backward(tokens, targets, evaluation);
    }
    return (float)(total / batches);
}

float initialValidation = Validation();
Console.WriteLine($"step {0,5}  validation {initialValidation:F4} (uniform guess ln {data.Vocabulary} = {Math.Log(data.Vocabulary):F4})");
int reportEvery = Math.Max(1, steps / 10);
var backward = new Stopwatch();
double running = 0;
float firstTrain = float.NaN, validation = initialValidation;
for (int step = 1; step <= steps; step++)
{
    data.SampleTraining(random, tokens, targets);
    backward.Start();
    float loss = weights.Backward(tokens, targets, gradients);
    backward.Stop();
    if (!float.IsFinite(loss)) { Console.WriteLine($"step {step}: the loss is {loss}"); return 1; }
    if (step == 1) firstTrain = loss;
    running += loss;

    GradientClipping.ClipByGlobalNorm(gradients, 1f);
    adam.LearningRate = (float)schedule.At(step - 1);
    adam.Step(gradients);

    if (step % reportEvery == 0 || step == steps)
    {
        int since = step % reportEvery == 0 ? reportEvery : step % reportEvery;
        validation = Validation();
        Console.WriteLine($"step {step,5}  train {running / since:F4}  validation {validation:F4}  " +
            $"{backward.Elapsed.TotalMilliseconds / step:F2} ms per step (forward + backward)");
        running = 0;
    }
}

// The generated forward pass gives the value the method itself computes, op by op.
data.ValidationBatch(0, tokens, targets);
float generated = weights.Backward(tokens, targets, evaluation);
float own = weights.Loss(tokens, targets);
Console.WriteLine($"Loss: first step {firstTrain:F4}, validation {initialValidation:F4} → {validation:F4}; " +
    $"generated and op-by-op values of one batch differ by {Math.Abs(generated - own):E1}");
Console.WriteLine($"Time per step: {backward.Elapsed.TotalMilliseconds / steps:F2} ms forward + backward (generated), {steps} steps");

Console.WriteLine("Generated text:");
Console.WriteLine(Sampler.Generate(weights, data, Context, "MENENIUS:\n", 400, temperature: 0.8, random));

// A model that learned anything is well below its starting loss, and the two forward passes agree.
bool fell = validation < 0.8f * initialValidation, agrees = Math.Abs(generated - own) <= 1e-3f * Math.Abs(own);
if (!fell) Console.WriteLine($"The validation loss did not fall enough: {initialValidation:F4} → {validation:F4}");
if (!agrees) Console.WriteLine($"The generated forward pass gives {generated}, the method itself {own}");
return fell && agrees ? 0 : 1;
