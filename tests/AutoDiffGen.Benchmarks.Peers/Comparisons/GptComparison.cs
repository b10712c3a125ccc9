using AutoDiffGen.Benchmarks.Peers.Gpt;
using AutoDiffGen.Benchmarks.Peers.Memory;
using AutoDiffGen.Benchmarks.Peers.Timing;
using AutoDiffGen.Benchmarks.Peers.Torch;
using TorchSharp;

namespace AutoDiffGen.Benchmarks.Peers.Comparisons;

/// <summary>
/// One GPT configuration, generated against TorchSharp on the same weights and batch: agreement in float64 and in
/// float32, the float32 step time (forward and backward, paired), what a generated step allocates, and the memory
/// each side holds for a step.
/// </summary>
/// <param name="AllocatedPerStep">Managed bytes a steady-state generated step allocates on the calling thread.</param>
/// <param name="AllocatedPerStepInProcess">The same over every thread of the process (the GEMM's workers too).</param>
/// <param name="WorkspaceBytes">The generated gradients object's arrays, gradients included, see <see cref="Workspace"/>.</param>
/// <param name="GradientBytes">The gradients alone (float32): part of the workspace, held by libtorch as the parameters' .grad.</param>
/// <param name="TorchPeakGrowth">libtorch's resident memory peak during a step above its start, see <see cref="ResidentMemory"/>; the .grad tensors are not in it (they persist between steps).</param>
/// <param name="TorchForwardBytes">The tensors libtorch's forward pass leaves alive until the backward pass, see <see cref="TorchGpt.Step(out long)"/>.</param>
public sealed record GptComparison(
    GptSize Size, Timings Torch, Timings Generated, GptAgreement Float64, GptAgreement Float32,
    long AllocatedPerStep, long AllocatedPerStepInProcess, long WorkspaceBytes, long GradientBytes, long? TorchPeakGrowth, long TorchForwardBytes)
{
    private const int AllocationSteps = 5;

    /// <summary>How many times faster the generated step is.</summary>
    public double SpeedUp => Torch.Median / Generated.Median;

    public static GptComparison Run(GptSize size, PairedTimer timer)
    {
        var problem = new GptProblem(size);
        GptAgreement float64;
        using (var torch64 = new TorchGpt(problem, torch.ScalarType.Float64))
            float64 = GptAgreement.Measure(problem, GeneratedGpt.Float64(problem), torch64);

        var generated = GeneratedGpt.Float32(problem);
        using var torchNetwork = new TorchGpt(problem, torch.ScalarType.Float32);
        var float32 = GptAgreement.Measure(problem, generated, torchNetwork);
        // Checked before timing, as the makemore step is: a float32 step that disagrees this much computes something else.
        if (float32.Largest > 1e-2)
            throw new InvalidOperationException($"{size.Name}: the two do not agree in float32 ({float32.Largest:E2} at {float32.Worst})");

        var (torchTimes, generatedTimes) = timer.Measure(() => torchNetwork.Step(), generated.Step);

        long thread = GC.GetAllocatedBytesForCurrentThread(), process = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < AllocationSteps; i++) generated.Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - thread) / AllocationSteps;
        long perStepInProcess = (GC.GetTotalAllocatedBytes(precise: true) - process) / AllocationSteps;

        torchNetwork.Step(out long forwardBytes);
        long? peakGrowth = ResidentMemory.PeakGrowth(() => torchNetwork.Step());
        long gradientBytes = problem.Parameters.Sum(p => p.FlattenedLength) * sizeof(float);
        return new GptComparison(size, torchTimes, generatedTimes, float64, float32, perStep, perStepInProcess,
            Workspace.Bytes(generated.Workspace), gradientBytes, peakGrowth, forwardBytes);
    }
}
