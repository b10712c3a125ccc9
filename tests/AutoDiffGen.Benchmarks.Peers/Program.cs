using AutoDiffGen.Benchmarks.Makemore;
using AutoDiffGen.Benchmarks.Peers;
using AutoDiffGen.Benchmarks.Peers.Comparisons;
using AutoDiffGen.Benchmarks.Peers.Timing;
using TorchSharp;

// AutoDiffGen against TorchSharp (libtorch, CPU) in one process. Run with tests/AutoDiffGen.Benchmarks.Peers/run.sh;
// --quick takes few samples, to check that everything runs.
bool quick = args.Contains("--quick");
// The warm-up is long enough for tiered compilation to reach its optimised code.
var timer = quick ? new PairedTimer(samples: 5, warmUpSeconds: 0.5) : new PairedTimer(samples: 41, warmUpSeconds: 1.0);

torch.set_num_threads(2);
torch.set_default_dtype(torch.ScalarType.Float32);
int torchThreads = torch.get_num_threads();
string loadAtStart = Machine.Load;

AutoDiffGen.Benchmarks.Machine.MachineReport.Print(withPeak: true);
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
ResultsTable.Print(steps, products, check, torchThreads, timer, (loadAtStart, Machine.Load), peak);
