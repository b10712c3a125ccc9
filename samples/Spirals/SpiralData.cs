using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Spirals;

/// <summary>Interleaved spiral arms in the plane, one class per arm: not linearly separable, easy to draw.</summary>
public sealed record SpiralData(Tensor<float> Points, Tensor<float> OneHot, int[] Labels)
{
    public int Count => Labels.Length;

    public static SpiralData Generate(Random random, int classes, int pointsPerClass, double noise)
    {
        int count = classes * pointsPerClass;
        var points = new float[count * 2];
        var oneHot = new float[count * classes];
        var labels = new int[count];
        for (int c = 0; c < classes; c++)
        {
            for (int i = 0; i < pointsPerClass; i++)
            {
                int n = c * pointsPerClass + i;
                double radius = (double)i / pointsPerClass;
                double angle = c * 4.0 + radius * 4.0 + noise * Gaussian(random);
                points[n * 2] = (float)(radius * Math.Sin(angle));
                points[n * 2 + 1] = (float)(radius * Math.Cos(angle));
                oneHot[n * classes + c] = 1;
                labels[n] = c;
            }
        }
        return new SpiralData(Tensor.Create(points, [count, 2]), Tensor.Create(oneHot, [count, classes]), labels);
    }

    /// <summary>Splits off every <paramref name="every"/>-th point as a held-out set.</summary>
    public (SpiralData Train, SpiralData Test) Split(int every)
    {
        var test = Enumerable.Range(0, Count).Where(i => i % every == 0).ToArray();
        var train = Enumerable.Range(0, Count).Where(i => i % every != 0).ToArray();
        return (Take(train), Take(test));
    }

    private SpiralData Take(int[] rows)
    {
        int classes = (int)OneHot.Lengths[1];
        var points = rows.SelectMany(r => new[] { Points[r, 0], Points[r, 1] }).ToArray();
        var oneHot = rows.SelectMany(r => Enumerable.Range(0, classes).Select(c => OneHot[r, c])).ToArray();
        return new SpiralData(Tensor.Create(points, [rows.Length, 2]), Tensor.Create(oneHot, [rows.Length, classes]), rows.Select(r => Labels[r]).ToArray());
    }

    private static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
