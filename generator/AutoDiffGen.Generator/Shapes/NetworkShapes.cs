using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>Shapes of the neural-network ops that index or normalize.</summary>
internal static class NetworkShapes
{
    /// <summary><c>table.Embedding(indices)</c>: a [V, D] table gathered at indices of any shape gives indices.shape + [D].</summary>
    public static Shape Embedding(Shape table, Shape indices, string tableName, ShapeReporter report)
    {
        if (table.Rank != 2)
        {
            report.Rank("Embedding", "a 2-D table [V, D]", tableName, table);
            return indices;
        }
        return Shape.Of(indices.Dims.Concat(new[] { table[1] }));
    }

    /// <summary>
    /// <c>ScaledDotProductAttention(query, key, value)</c>: query [..., T, d], key [..., S, d] and value [..., S, e], the
    /// leading axes the same, give [..., T, e].
    /// </summary>
    public static Shape Attention(Shape query, Shape key, Shape value, string queryName, string keyName, string valueName, ShapeReporter report)
    {
        const string op = "ScaledDotProductAttention";
        if (query.Rank < 2)
        {
            report.Rank(op, "a query of rank 2 or more, [..., T, d]", queryName, query);
            return query;
        }
        var leading = query.Dims.Take(query.Rank - 2).ToArray();
        var depth = query[query.Rank - 1];
        var result = Shape.Of(leading.Concat(new[] { query[query.Rank - 2], value.Rank == query.Rank ? value[value.Rank - 1] : depth }));
        if (key.Rank != query.Rank || !key.Dims.Take(key.Rank - 2).SequenceEqual(leading) || !key[key.Rank - 1].Equals(depth))
        {
            string keys = key.Rank >= 2 ? key[key.Rank - 2].ToString() : "S";
            report.Mismatch(op, keyName, $"{Shape.Of(leading.Concat(new[] { Dim.Symbol(keys), depth }))}, the query's leading axes and row length", key);
        }
        else if (value.Rank != query.Rank || !value.Dims.Take(value.Rank - 2).SequenceEqual(leading) || !value[value.Rank - 2].Equals(key[key.Rank - 2]))
        {
            report.Mismatch(op, valueName, $"[{string.Join(", ", leading.Select(d => d.ToString()).Concat(new[] { key[key.Rank - 2].ToString(), "e" }))}], one row per key", value);
        }
        return result;
    }

    /// <summary><c>x.Pick(indices)</c> and <c>logits.CrossEntropy(targets)</c>: x [N, C] with one index per row, [N].</summary>
    public static Shape Rows(string op, Shape x, Shape indices, string xName, string indicesName, ShapeReporter report)
    {
        if (x.Rank != 2)
        {
            report.Rank(op, "a 2-D tensor [N, C]", xName, x);
            return Shape.Of(new[] { Dim.One });
        }
        var expected = Shape.Of(new[] { x[0] });
        if (!indices.Equals(expected)) report.Mismatch(op, indicesName, $"{expected}, one index per row of '{xName}' {x}", indices);
        return expected;
    }

    /// <summary>
    /// <c>x.BatchNorm(gain, bias, …)</c> over axis 0 of [N, H] and <c>x.LayerNorm(gain, bias, …)</c> over the last
    /// axis: gain and bias hold one value per feature.
    /// </summary>
    public static Shape Normalization(IrNode node, Shape x, Shape gain, Shape bias, ShapeReporter report)
    {
        string op = node.Kind.ToString();
        string Operand(int i) => i < node.OperandDisplays.Count ? node.OperandDisplays[i] : "operand " + i;
        if (node.Kind == OpKind.BatchNorm ? x.Rank != 2 : x.Rank < 1)
        {
            report.Rank(op, node.Kind == OpKind.BatchNorm ? "a 2-D tensor [N, H]" : "a tensor of rank 1 or more", Operand(0), x);
            return x;
        }
        var features = x[x.Rank - 1];
        var row = Shape.Of(new[] { features });
        var keptRow = Shape.Of(new[] { Dim.One, features });
        foreach (var (shape, index) in new[] { (gain, 1), (bias, 2) })
        {
            bool fits = shape.Equals(row) || (node.Kind == OpKind.BatchNorm && shape.Equals(keptRow));
            if (!fits) report.Mismatch(op, Operand(index), node.Kind == OpKind.BatchNorm ? $"{row} or {keptRow}" : row.ToString(), shape);
        }
        return x;
    }
}
