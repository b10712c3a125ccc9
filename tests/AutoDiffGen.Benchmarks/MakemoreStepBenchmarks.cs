using AutoDiffGen.Benchmarks.Makemore;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>One forward-and-backward step of the makemore network: the generated code against the hand-written one.</summary>
[MemoryDiagnoser]
[WarmupCount(5)]
[IterationCount(15)]
public class MakemoreStepBenchmarks
{
    private MakemoreProblem _problem = null!;
    private MakemoreNetwork.LossGradients _gradients = null!;
    private HandWrittenMakemore _handWritten = null!;

    [Params("small", "medium", "large")]
    public string Size { get; set; } = "small";

    [GlobalSetup]
    public void Setup()
    {
        _problem = new MakemoreProblem(MakemoreSize.Named(Size));
        _gradients = new MakemoreNetwork.LossGradients();
        _handWritten = new HandWrittenMakemore(_problem.Size);
        float generated = _problem.GeneratedStep(_gradients);
        float handWritten = _handWritten.Step(_problem);
        Agreement.Check("loss", [generated], [handWritten]);
        Agreement.Check([_gradients.Embedding, _gradients.W1, _gradients.B1, _gradients.W2, _gradients.B2, _gradients.Gain, _gradients.Bias],
            _handWritten.Gradients);
    }

    [Benchmark(Baseline = true, Description = "hand-written fused")]
    public float HandWritten() => _handWritten.Step(_problem);

    [Benchmark(Description = "generated")]
    public float Generated() => _problem.GeneratedStep(_gradients);
}
