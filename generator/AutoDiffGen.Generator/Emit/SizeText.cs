using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Symbolic sizes as C# expressions over the locals the shape symbols are bound to: <c>3 * E</c>. A symbol's local is
/// its own name unless that is a keyword or taken by the generated code (see <see cref="ComputePlan.SymbolLocals"/>).
/// </summary>
internal sealed class SizeText
{
    private readonly Dictionary<string, string> _locals = new();

    public SizeText(ComputePlan plan)
    {
        for (int i = 0; i < plan.Symbols.Count; i++) _locals[plan.Symbols[i]] = plan.SymbolLocals[i];
    }

    /// <summary>Sizes in another scope, where each symbol's local is spelled <paramref name="respell"/>(local).</summary>
    public SizeText(ComputePlan plan, System.Func<string, string> respell)
    {
        for (int i = 0; i < plan.Symbols.Count; i++) _locals[plan.Symbols[i]] = respell(plan.SymbolLocals[i]);
    }

    /// <summary>The local holding <paramref name="symbol"/>'s value.</summary>
    public string Local(string symbol) => _locals.TryGetValue(symbol, out string? local) ? local : symbol;

    /// <summary>An <c>int</c> expression.</summary>
    public string Of(Dim dim)
    {
        var factors = dim.Symbols.Select(Local).ToList();
        if (dim.Factor != 1 || factors.Count == 0) factors.Insert(0, dim.Factor.ToString(CultureInfo.InvariantCulture));
        return string.Join(" * ", factors);
    }

    /// <summary>An <c>nint</c> expression, for offsets.</summary>
    public string Native(Dim dim)
    {
        if (dim.IsConstant) return Of(dim);
        var factors = dim.Symbols.Select(Local).ToList();
        if (dim.Factor != 1) factors.Insert(0, dim.Factor.ToString(CultureInfo.InvariantCulture));
        return "(nint)" + string.Join(" * (nint)", factors);
    }
}
