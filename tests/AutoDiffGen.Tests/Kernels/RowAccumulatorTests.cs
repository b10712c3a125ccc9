using System.Numerics;
using AutoDiffGen.Kernels;

namespace AutoDiffGen.Tests.Kernels;

/// <summary>A row's lanes add up in one fixed tree, for every element type.</summary>
public class RowAccumulatorTests
{
    [Fact]
    public void TotalAddsTheLanesInAHalvingTree()
    {
        AssertTree<float>();
        AssertTree<double>();
        AssertTree<Half>();
    }

    [Fact]
    public void ClearingStartsOver()
    {
        var lanes = new RowAccumulator<double>();
        lanes.Add(new Simd512<double>(System.Runtime.Intrinsics.Vector512.Create(1.0)));
        Assert.Equal(8, lanes.Total());
        lanes.Clear();
        Assert.Equal(0, lanes.Total());
    }

    private static void AssertTree<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(3);
        for (int repeat = 0; repeat < 100; repeat++)
        {
            // Magnitudes far apart, so that a different order gives different bits.
            var values = Enumerable.Range(0, RowAccumulator<T>.Lanes)
                .Select(_ => T.CreateTruncating((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)))).ToArray();
            var lanes = new RowAccumulator<T>();
            Span<T> tree = values.ToArray();
            for (int width = tree.Length / 2; width >= 1; width /= 2)
                for (int i = 0; i < width; i++) tree[i] += tree[i + width];

            Fill(ref lanes, values);
            Assert.Equal(tree[0], lanes.Total());
        }
    }

    private static void Fill<T>(ref RowAccumulator<T> lanes, T[] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++) lanes[i] = values[i];
    }
}
