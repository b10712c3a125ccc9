namespace AutoDiffGen.Benchmarks.Peers.Comparisons;

/// <summary>How far one set of gradients is from another, parameter by parameter.</summary>
public static class GradientDifference
{
    public static readonly string[] ParameterNames = ["embedding", "w1", "b1", "w2", "b2", "gain", "bias"];

    /// <summary>
    /// For each parameter, the largest absolute difference divided by the largest magnitude of the expected
    /// gradient. The divisor is at least a thousandth of the largest gradient of any parameter: b1's exact gradient
    /// is zero (a bias before batch norm), so both sides hold rounding noise there and only its absolute size means
    /// anything.
    /// </summary>
    /// <param name="names">The parameters' names, for the message when two do not match; the makemore network's by default.</param>
    public static double[] Relative(IReadOnlyList<double[]> actual, IReadOnlyList<double[]> expected, IReadOnlyList<string>? names = null)
    {
        names ??= ParameterNames;
        double floor = 1e-3 * expected.Max(g => g.Max(Math.Abs));
        var result = new double[expected.Count];
        for (int p = 0; p < expected.Count; p++)
        {
            if (actual[p].Length != expected[p].Length)
                throw new InvalidOperationException($"{names[p]}: {actual[p].Length} values against {expected[p].Length}");
            double difference = 0, scale = floor;
            for (int i = 0; i < expected[p].Length; i++)
            {
                difference = Math.Max(difference, Math.Abs(actual[p][i] - expected[p][i]));
                scale = Math.Max(scale, Math.Abs(expected[p][i]));
            }
            result[p] = difference / scale;
        }
        return result;
    }
}
