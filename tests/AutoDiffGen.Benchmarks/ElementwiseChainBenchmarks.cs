using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using AutoDiffGen.Kernels;
using BenchmarkDotNet.Attributes;

namespace AutoDiffGen.Benchmarks;

/// <summary>
/// y = tanh(a ⊙ b + c) ⊙ d over 1M floats: one fused loop, with the body the generator emits for such a chain,
/// against the same chain op by op with TensorPrimitives, writing each intermediate.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(5)]
[IterationCount(20)]
public class ElementwiseChainBenchmarks
{
    private const int Length = 1 << 20;
    private float[] _a = [], _b = [], _c = [], _d = [], _y = [], _t1 = [], _t2 = [], _t3 = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        float[] Random() => Enumerable.Range(0, Length).Select(_ => (float)random.NextDouble() * 2 - 1).ToArray();
        (_a, _b, _c, _d) = (Random(), Random(), Random(), Random());
        (_y, _t1, _t2, _t3) = (new float[Length], new float[Length], new float[Length], new float[Length]);
    }

    [Benchmark(Baseline = true, Description = "TensorPrimitives, op by op")]
    public void OpByOp()
    {
        TensorPrimitives.Multiply(_a, _b, _t1);
        TensorPrimitives.Add(_t1, _c, _t2);
        TensorPrimitives.Tanh(_t2, _t3);
        TensorPrimitives.Multiply(_t3, _d, _y);
    }

    [Benchmark(Description = "fused loop, one thread")]
    public void FusedOneThread()
    {
        var body = Body();
        FusedLoop.Run<float, ChainBody>(ref body, 1, Length);
    }

    [Benchmark(Description = "fused loop, as generated (both cores)")]
    public void Fused()
    {
        var body = Body();
        FusedLoop.RunParallel<float, ChainBody>(ref body, 1, Length);
    }

    private ChainBody Body() => new()
    {
        A = ref MemoryMarshal.GetArrayDataReference(_a),
        B = ref MemoryMarshal.GetArrayDataReference(_b),
        C = ref MemoryMarshal.GetArrayDataReference(_c),
        D = ref MemoryMarshal.GetArrayDataReference(_d),
        Y = ref MemoryMarshal.GetArrayDataReference(_y),
    };

    /// <summary>What the generator emits for the chain (see the snapshots in tests/AutoDiffGen.Generator.Tests).</summary>
    private ref struct ChainBody : IFusedLoopBody<float>
    {
        public ref float A;
        public ref float B;
        public ref float C;
        public ref float D;
        public ref float Y;

        public void BeginRow(nint row)
        {
        }

        public void Compute<TSimd>(nint i) where TSimd : struct, ISimd<TSimd, float>
        {
            var a = TSimd.Load(ref A, i);
            var b = TSimd.Load(ref B, i);
            var c = TSimd.Load(ref C, i);
            var d = TSimd.Load(ref D, i);
            var y = TSimd.Tanh(a * b + c) * d;
            TSimd.Store(y, ref Y, i);
        }

        public void EndRow(nint row)
        {
        }
    }
}
