using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>Emits one plan step as statements, each with a comment giving its math.</summary>
internal sealed class StepEmitter
{
    private readonly ComputePlan _plan;
    private readonly string _t;
    private readonly SizeText _sizes;

    public StepEmitter(ComputePlan plan)
    {
        _plan = plan;
        _sizes = new SizeText(plan);
        _t = plan.Method.Element.CSharpName();
    }

    private string Name(int value) => _plan.Storage[value].Name;

    private string Buffer(int buffer) => _plan.Buffers[buffer].Name;

    public void Write(SourceWriter writer, PlanStep step)
    {
        switch (step)
        {
            case ScalarStep scalar:
                var node = _plan.Nodes[scalar.Value];
                writer.WriteLine($"{node.Element.CSharpName()} {Name(scalar.Value)} = {ScalarExpressions.Of(node, _plan)};");
                break;

            case ClearStep clear:
                writer.WriteLine($"{Buffer(clear.Buffer)}.Clear();");
                break;

            case CopyStep copy:
                writer.WriteLine($"{Buffer(copy.Source)}.CopyTo({Buffer(copy.Destination)});");
                break;

            case LoopStep loop:
                new LoopEmitter(_plan, loop.Loop).WriteCall(writer);
                break;

            case GemmStep gemm:
                string a = Name(gemm.A) + (gemm.TransposeA ? "ᵀ" : string.Empty);
                string b = Name(gemm.B) + (gemm.TransposeB ? "ᵀ" : string.Empty);
                string bias = gemm.Bias >= 0 ? " + " + Name(gemm.Bias) : string.Empty;
                if (gemm.Batch is { } batch)
                {
                    WriteBatchedGemm(writer, gemm, batch, a, b);
                    break;
                }
                writer.WriteLine($"// {Name(gemm.Output)} {(gemm.Accumulate ? "+=" : "=")} {a}·{b}{bias}   [{gemm.M}, {gemm.K}]·[{gemm.K}, {gemm.N}]");
                string flags = (gemm.TransposeA ? ", transposeA: true" : string.Empty)
                    + (gemm.TransposeB ? ", transposeB: true" : string.Empty)
                    + (gemm.Accumulate ? ", accumulate: true" : string.Empty);
                string call = gemm.Bias >= 0
                    ? $"MultiplyAddRow<{_t}>({Name(gemm.A)}, {Name(gemm.B)}, {Name(gemm.Bias)}, {Name(gemm.Output)}, "
                    : $"Multiply<{_t}>({Name(gemm.A)}, {Name(gemm.B)}, {Name(gemm.Output)}, ";
                writer.WriteLine($"{CSharp.Kernels}Gemm.{call}m: {_sizes.Of(gemm.M)}, n: {_sizes.Of(gemm.N)}, k: {_sizes.Of(gemm.K)}{flags});");
                break;

            case KernelStep kernel when _plan.Loops.FirstOrDefault(l => l.Forward == kernel.Node) is { } loop:
                new LoopStatementEmitter(_plan, loop).WriteForward(writer);
                break;

            case KernelStep kernel when _plan.Loops.FirstOrDefault(l => l.Backward == kernel.Node) is { } loop:
                new LoopStatementEmitter(_plan, loop).WriteBackward(writer);
                break;

            case KernelStep kernel:
                new KernelCallEmitter(_plan).Write(writer, _plan.Nodes[kernel.Node]);
                break;

            case TransposeStep transpose:
                writer.WriteLine($"// {Name(transpose.Output)} = {Name(transpose.Input)}ᵀ");
                writer.WriteLine($"{CSharp.Kernels}TransposeKernel.Transpose<{_t}>({Name(transpose.Input)}, {Name(transpose.Output)}, " +
                    $"{_sizes.Of(transpose.Rows)}, {_sizes.Of(transpose.Columns)});");
                break;

            case PermuteStep permute:
                string order = string.Join(", ", permute.Axes.Select(axis => axis.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                writer.WriteLine($"// {Name(permute.Output)} = {Name(permute.Input)} with axes ({order})");
                writer.WriteLine($"{CSharp.Kernels}PermuteKernel.Permute<{_t}>({Name(permute.Input)}, {Name(permute.Output)}, " +
                    $"stackalloc nint[] {{ {string.Join(", ", permute.Lengths.Select(_sizes.Of))} }}, [{order}]);");
                break;
        }
    }

    /// <summary>
    /// One call for the whole batch: each operand's matrices a stride apart, 0 for an operand shared by every product
    /// and for a result that sums them.
    /// </summary>
    private void WriteBatchedGemm(SourceWriter writer, GemmStep gemm, MatMulLayout batch, string a, string b)
    {
        string summed = batch.BatchedC ? string.Empty : ", summed over the batch";
        writer.WriteLine($"// {Name(gemm.Output)} = {a}·{b} for each of {batch.Batch} matrices{summed}   [{gemm.M}, {gemm.K}]·[{gemm.K}, {gemm.N}]");
        string flags = (gemm.TransposeA ? ", transposeA: true" : string.Empty) + (gemm.TransposeB ? ", transposeB: true" : string.Empty);
        writer.WriteLine($"{CSharp.Kernels}Gemm.MultiplyBatched<{_t}>({Name(gemm.A)}, {Name(gemm.B)}, {Name(gemm.Output)}, batch: {_sizes.Of(batch.Batch)}, " +
            $"m: {_sizes.Of(gemm.M)}, n: {_sizes.Of(gemm.N)}, k: {_sizes.Of(gemm.K)}, " +
            $"strideA: {_sizes.Of(batch.StrideA)}, strideB: {_sizes.Of(batch.StrideB)}, strideC: {_sizes.Of(batch.StrideC)}{flags});");
    }
}
