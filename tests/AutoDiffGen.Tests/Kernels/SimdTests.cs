using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

public class SimdTests
{
    private ref struct TanhBody : IFusedLoopBody<double>
    {
        public ref double X;
        public ref double Y;
        public void BeginRow(nint row) { }
        public void Compute<TSimd>(nint i) where TSimd : struct, ISimd<TSimd, double>
            => TSimd.Store(TSimd.Tanh(TSimd.Load(ref X, i)), ref Y, i);
        public void EndRow(nint row) { }
    }

    private static TSimd TanhOf<TSimd>(TSimd x) where TSimd : struct, ISimd<TSimd, double> => TSimd.Tanh(x);

    [Fact]
    public void TanhIsAccurateAndTheScalarTailMatchesTheVectorLanes()
    {
        var x = new double[1000];
        var random = new Random(3);
        for (int i = 0; i < x.Length; i++) x[i] = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-9, 3));
        var wide = new double[x.Length];
        var body = new TanhBody { X = ref MemoryMarshal.GetArrayDataReference(x), Y = ref MemoryMarshal.GetArrayDataReference(wide) };
        FusedLoop.Run<double, TanhBody>(ref body, 1, x.Length);

        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(wide[i] - Math.Tanh(x[i])) <= 2e-15 * Math.Max(1e-300, Math.Abs(Math.Tanh(x[i]))) + 1e-300,
                $"tanh({x[i]}) = {wide[i]}, expected {Math.Tanh(x[i])}");
            double lane = TanhOf(SimdScalar<double>.Splat(x[i])).Value.ToScalar();
            Assert.Equal(wide[i], lane);
        }
    }
}
