using System.Numerics.Tensors;
using AutoDiffGen.Benchmarks.Makemore;
using AutoDiffGen.Runtime;
using AutoDiffGen.Training;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// One Adam step over the makemore network's parameters: the library's fused vector update against the scalar loop
/// the samples used to carry (baseline), on the same gradients.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(5)]
[IterationCount(15)]
public class OptimizerBenchmarks
{
    private MakemoreProblem _problem = null!;
    private MakemoreNetwork.LossGradients _gradients = null!;
    private Adam<float> _adam = null!;
    private ScalarAdam _scalar = null!;

    [Params("medium", "large")]
    public string Size { get; set; } = "medium";

    [GlobalSetup]
    public void Setup()
    {
        _problem = new MakemoreProblem(MakemoreSize.Named(Size));
        _gradients = new MakemoreNetwork.LossGradients();
        _problem.GeneratedStep(_gradients);
        var p = _problem;
        var parameters = MakemoreNetwork.LossGradients.Parameters(p.Embedding, p.W1, p.B1, p.W2, p.B2, p.Gain, p.Bias);
        _adam = new Adam<float>(parameters, 1e-4f);
        _scalar = new ScalarAdam(Enumerable.Range(0, parameters.Count).Select(i => parameters[i]).ToArray(), 1e-4);
    }

    [Benchmark(Baseline = true, Description = "scalar loop (the samples' former Adam)")]
    public void Scalar() => _scalar.Step(_gradients);

    [Benchmark(Description = "AutoDiffGen.Training.Adam")]
    public void Fused() => _adam.Step(_gradients);

    /// <summary>The Adam the samples carried before the training kit: one scalar pass per element.</summary>
    private sealed class ScalarAdam(Tensor<float>[] parameters, double learningRate)
    {
        private readonly float[][] _first = parameters.Select(p => new float[p.FlattenedLength]).ToArray();
        private readonly float[][] _second = parameters.Select(p => new float[p.FlattenedLength]).ToArray();
        private int _step;

        public void Step(IGradientSet<float> gradients)
        {
            _step++;
            float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f, rate = (float)learningRate;
            float correction1 = 1 - MathF.Pow(beta1, _step), correction2 = 1 - MathF.Pow(beta2, _step);
            for (int p = 0; p < parameters.Length; p++)
            {
                var values = TensorData.Write(parameters[p], "parameter");
                float[]? copy = null;
                var gradient = TensorData.Read(gradients.Gradient(p), ref copy);
                var m = _first[p];
                var v = _second[p];
                for (int i = 0; i < values.Length; i++)
                {
                    m[i] = beta1 * m[i] + (1 - beta1) * gradient[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i];
                    values[i] -= rate * (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + epsilon);
                }
            }
        }
    }
}
