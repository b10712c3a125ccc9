using System.Numerics.Tensors;

namespace AutoDiffGen.Samples.Gpt;

/// <summary>Generates text one character at a time from the model's own forward pass.</summary>
public static class Sampler
{
    /// <summary>
    /// Continues <paramref name="prompt"/> by <paramref name="length"/> characters, each drawn from the softmax of the
    /// last position's logits divided by <paramref name="temperature"/>. The window is the last T characters; while the
    /// text is shorter it is padded at the end, which the causal attention keeps from reaching earlier positions.
    /// </summary>
    public static string Generate(Weights weights, CharacterData data, int context, string prompt, int length, double temperature, Random random)
    {
        var ids = data.Encode(prompt).ToList();
        var tokens = Tensor.Create(new int[context], [1, context]);
        for (int n = 0; n < length; n++)
        {
            int start = Math.Max(0, ids.Count - context), count = ids.Count - start;
            for (int t = 0; t < context; t++) tokens[0, t] = t < count ? ids[start + t] : 0;
            var logits = weights.Logits(tokens);
            ids.Add(Draw(logits, count - 1, data.Vocabulary, temperature, random));
        }
        return data.Decode(ids);
    }

    private static int Draw(Tensor<float> logits, int position, int vocabulary, double temperature, Random random)
    {
        var row = new double[vocabulary];
        for (int v = 0; v < vocabulary; v++) row[v] = logits[0, position, v] / temperature;
        double max = row.Max(), total = 0;
        for (int v = 0; v < vocabulary; v++) total += row[v] = Math.Exp(row[v] - max);
        double u = random.NextDouble() * total;
        for (int v = 0; v < vocabulary; v++)
        {
            u -= row[v];
            if (u <= 0) return v;
        }
        return vocabulary - 1;
    }
}
