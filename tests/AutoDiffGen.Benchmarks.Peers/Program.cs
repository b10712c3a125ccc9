using AutoDiffGen.Benchmarks.Makemore;
using AutoDiffGen.Benchmarks.Peers;
using AutoDiffGen.Benchmarks.Peers.Comparisons;
using AutoDiffGen.Benchmarks.Peers.Gpt;
using AutoDiffGen.Benchmarks.Peers.Timing;
using TorchSharp;

// AutoDiffGen against TorchSharp (libtorch, CPU) in one process. Run with tests/AutoDiffGen.Benchmarks.Peers/run.sh;
// --quick takes few samples, to check that everything runs; --gpt runs only the GPT comparison.
bool quick = args.Contains("--quick");
bool gptOnly = args.Contains("--gpt");
// The warm-up is long enough for tiered compilation to reach its optimised code.
var timer = quick ? new PairedTimer(samples: 5, warmUpSeconds: 0.5) : new PairedTimer(samples: 41, warmUpSeconds: 1.0);

torch.set_num_threads(2);
torch.set_default_dtype(torch.ScalarType.Float32);
int torchThreads = torch.get_num_threads();
string loadAtStart = Machine.Load;

AutoDiffGen.Benchmarks.Machine.MachineReport.Print(withPeak: !gptOnly);

if (!gptOnly)
{
    double peak = AutoDiffGen.Benchmarks.Machine.FmaPeak.Measure(AutoDiffGen.Benchmarks.Machine.FmaPeak.Widest, Environment.ProcessorCount);

    var steps = new List<StepComparison>();
    foreach (var size in MakemoreSize.All)
    {
        var step = StepComparison.Run(size, timer);
        Console.WriteLine($"step {size.Name}: TorchSharp {ResultsTable.Time(step.Torch.Median)}, AutoDiffGen {ResultsTable.Time(step.Generated.Median)}, {step.SpeedUp:F2}×");
        steps.Add(step);
    }

    var products = new List<MatmulComparison>();
    foreach (var (m, n, k) in new[] { (1024, 1024, 1024), (256, 784, 512) })
    {
        var product = MatmulComparison.Run(m, n, k, timer);
        Console.WriteLine($"matmul {product.Shape}: libtorch {product.TorchGflops:F1} GFLOP/s, AutoDiffGen {product.GeneratedGflops:F1} GFLOP/s");
        products.Add(product);
    }

    var check = DoubleGradientCheck.Run(MakemoreSize.Small);
    ResultsTable.PrintMakemore(steps, products, check, peak);
}

var gpts = new List<GptComparison>();
foreach (var size in GptSize.All)
{
    var gpt = GptComparison.Run(size, timer);
    Console.WriteLine($"gpt {size}: TorchSharp {ResultsTable.Time(gpt.Torch.Median)}, AutoDiffGen {ResultsTable.Time(gpt.Generated.Median)}, {gpt.SpeedUp:F2}×; float64 {gpt.Float64.Largest:E1}, float32 {gpt.Float32.Largest:E1}");
    gpts.Add(gpt);
}
ResultsTable.PrintGpt(gpts);
ResultsTable.PrintMachine(torchThreads, timer, (loadAtStart, Machine.Load));
