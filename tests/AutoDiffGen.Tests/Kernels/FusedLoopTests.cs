using System.Numerics;
using System.Runtime.InteropServices;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>The fused loop driver: every element once, and the same bits whether or not the loop is split between threads.</summary>
public class FusedLoopTests
{
    public static TheoryData<int, int> Shapes => new()
    {
        { 1, 1 },
        { 3, 5 },
        { 1, (1 << 20) + 13 },
        { 1, FusedLoop.ParallelThreshold },
        { 2, 20_011 },
        { 3, 40_000 },
        { 7, 5_000 },
        { 1_000, 77 },
        { 5_000, 1 },
        { 40_000, 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SplittingBetweenThreadsGivesTheSameBitsAsOneThread_Single(int rows, int columns)
        => AssertSameBits<float>(rows, columns);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SplittingBetweenThreadsGivesTheSameBitsAsOneThread_Double(int rows, int columns)
        => AssertSameBits<double>(rows, columns);

    [Fact]
    public void EveryElementIsComputedExactlyOnceWhenSplit()
    {
        const int rows = 3, columns = 100_003;
        var y = new double[rows * columns];
        for (int repeat = 0; repeat < 5; repeat++)
        {
            var body = new CountingBody { Y = ref y[0], Columns = columns };
            FusedLoop.RunParallel<double, CountingBody>(ref body, rows, columns);
        }
        Assert.All(y, v => Assert.Equal(5, v));
    }

    [Theory]
    [InlineData(256, 3072)]
    [InlineData(1000, 77)]
    [InlineData(300, 1000)]
    [InlineData(64, 130)]
    public void ColumnStripsSumEachColumnInRowOrder(int rows, int columns)
    {
        // A bias's gradient: y = tanh(x) stored, and Σ over the rows into one value per column.
        var random = new Random(rows + columns);
        var x = Enumerable.Range(0, rows * columns).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
        var (serialY, serialSum) = (new float[x.Length], new float[columns]);
        var (stripY, stripSum) = (new float[x.Length], new float[columns]);
        var one = new TanhWithColumnSum { X = ref x[0], Y = ref serialY[0], Sum = ref serialSum[0], Columns = columns };
        FusedLoop.Run<float, TanhWithColumnSum>(ref one, rows, columns);
        var strips = new TanhWithColumnSum { X = ref x[0], Y = ref stripY[0], Sum = ref stripSum[0], Columns = columns };
        FusedLoop.RunColumnStrips<float, TanhWithColumnSum>(ref strips, rows, columns);

        Assert.True(MemoryMarshal.AsBytes(serialSum.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(stripSum.AsSpan())),
            $"column sums differ first at {FirstDifference(serialSum, stripSum)}");
        Assert.True(MemoryMarshal.AsBytes(serialY.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(stripY.AsSpan())));
    }

    private ref struct TanhWithColumnSum : IFusedLoopBody<float>
    {
        public ref float X;
        public ref float Y;
        public ref float Sum;
        public int Columns;
        private nint _offset;

        public void BeginRow(nint row) => _offset = row * Columns;

        public void Compute<TSimd>(nint i) where TSimd : struct, ISimd<TSimd, float>
        {
            var y = TSimd.Tanh(TSimd.Load(ref X, _offset + i));
            TSimd.Store(y, ref Y, _offset + i);
            TSimd.Store(TSimd.Load(ref Sum, i) + y, ref Sum, i);
        }

        public void EndRow(nint row) { }
    }

    private static void AssertSameBits<T>(int rows, int columns)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(rows * 31 + columns);
        var x = Enumerable.Range(0, rows * columns).Select(_ => T.CreateTruncating(random.NextDouble() * 6 - 3)).ToArray();
        var scale = Enumerable.Range(0, rows).Select(_ => T.CreateTruncating(random.NextDouble() + 0.5)).ToArray();
        var serial = new T[x.Length];
        var split = Enumerable.Repeat(T.NaN, x.Length).ToArray();

        var one = new TanhTimesRowScale<T> { X = ref x[0], Scale = ref scale[0], Y = ref serial[0], Columns = columns };
        FusedLoop.Run<T, TanhTimesRowScale<T>>(ref one, rows, columns);
        var both = new TanhTimesRowScale<T> { X = ref x[0], Scale = ref scale[0], Y = ref split[0], Columns = columns };
        FusedLoop.RunParallel<T, TanhTimesRowScale<T>>(ref both, rows, columns);

        Assert.True(MemoryMarshal.AsBytes(serial.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(split.AsSpan())),
            $"[{rows}, {columns}] differs first at element {FirstDifference(serial, split)}");
    }

    private static int FirstDifference<T>(T[] a, T[] b) where T : IEquatable<T>
    {
        for (int i = 0; i < a.Length; i++) if (!a[i].Equals(b[i])) return i;
        return -1;
    }

    /// <summary>y = tanh(x) ⊙ scale[row], the shape of a generated body with a per-row broadcast operand.</summary>
    private ref struct TanhTimesRowScale<T> : IFusedLoopBody<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public ref T X;
        public ref T Scale;
        public ref T Y;
        public int Columns;
        private nint _offset;
        private T _scale;

        public void BeginRow(nint row)
        {
            _offset = row * Columns;
            _scale = System.Runtime.CompilerServices.Unsafe.Add(ref Scale, row);
        }

        public void Compute<TSimd>(nint i) where TSimd : struct, ISimd<TSimd, T>
            => TSimd.Store(TSimd.Tanh(TSimd.Load(ref X, _offset + i)) * TSimd.Splat(_scale), ref Y, _offset + i);

        public void EndRow(nint row)
        {
        }
    }

    /// <summary>y += 1 at every element.</summary>
    private ref struct CountingBody : IFusedLoopBody<double>
    {
        public ref double Y;
        public int Columns;
        private nint _offset;

        public void BeginRow(nint row) => _offset = row * Columns;

        public void Compute<TSimd>(nint i) where TSimd : struct, ISimd<TSimd, double>
            => TSimd.Store(TSimd.Load(ref Y, _offset + i) + TSimd.Splat(1.0), ref Y, _offset + i);

        public void EndRow(nint row)
        {
        }
    }
}
