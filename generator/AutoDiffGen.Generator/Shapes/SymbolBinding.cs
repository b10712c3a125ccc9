using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Ir;

namespace AutoDiffGen.Generator.Shapes;

/// <summary>How the generated code learns each symbol's size from the arguments, and what it then checks.</summary>
internal static class SymbolBinding
{
    /// <summary>One step of the run-time shape check, in order.</summary>
    /// <param name="Parameter">The parameter whose dimension is read.</param>
    /// <param name="Axis">The dimension; -1 for an int parameter that is the size itself.</param>
    /// <param name="Dim">What the declaration says it is.</param>
    /// <param name="Binds">The symbol this step binds, or null when it only checks.</param>
    /// <param name="Source">For a check of a bound symbol: where the symbol was bound, e.g. <c>'x' dimension 1</c>.</param>
    internal sealed record Step(ParameterIr Parameter, int Axis, Dim Dim, string? Binds, string? Source);

    /// <summary>
    /// Orders the binding: plain symbols bind where first declared; a product with one unknown symbol binds it by
    /// division once its other factors are known; every other dimension is checked. Symbols that cannot be bound
    /// are returned in <paramref name="unbound"/> with the parameter that declares them.
    /// </summary>
    public static IReadOnlyList<Step> Plan(IEnumerable<ParameterIr> parameters, out IReadOnlyList<(string Symbol, ParameterIr Parameter)> unbound)
    {
        var tensors = parameters.Where(p => p.IsTensor).ToList();
        var bound = new Dictionary<string, string>();
        var binding = new Dictionary<(int, int), string>();
        var order = new List<(int, int)>();

        // A size given as an int binds its symbol before any tensor is read: axis -1 stands for the int itself.
        var sizes = new List<Step>();
        foreach (var size in parameters.Where(p => p.SizeSymbol.Length > 0))
        {
            if (bound.ContainsKey(size.SizeSymbol))
            {
                sizes.Add(new Step(size, -1, Dim.Symbol(size.SizeSymbol), null, bound[size.SizeSymbol]));
                continue;
            }
            bound[size.SizeSymbol] = $"'{size.Name}'";
            sizes.Add(new Step(size, -1, Dim.Symbol(size.SizeSymbol), size.SizeSymbol, null));
        }

        bool progress = true;
        while (progress)
        {
            progress = false;
            foreach (var parameter in tensors)
            {
                for (int axis = 0; axis < parameter.DeclaredShape.Rank; axis++)
                {
                    var dim = parameter.DeclaredShape[axis];
                    var unknown = dim.Symbols.Distinct().Where(s => !bound.ContainsKey(s)).ToList();
                    if (unknown.Count != 1 || dim.Symbols.Count(s => s == unknown[0]) != 1) continue;
                    // Prefer binding from a plain symbol: take products only when no plain occurrence exists.
                    if (!dim.IsPlainSymbol && tensors.Any(p => p.DeclaredShape.Dims.Any(d => d.IsPlainSymbol && d.Symbols[0] == unknown[0]))) continue;
                    bound[unknown[0]] = $"'{parameter.Name}' dimension {axis}";
                    binding[(parameter.Index, axis)] = unknown[0];
                    order.Add((parameter.Index, axis));
                    progress = true;
                }
            }
        }

        var steps = new List<Step>();
        var missing = new List<(string, ParameterIr)>();
        foreach (var parameter in tensors)
        {
            for (int axis = 0; axis < parameter.DeclaredShape.Rank; axis++)
            {
                var dim = parameter.DeclaredShape[axis];
                if (binding.TryGetValue((parameter.Index, axis), out string? symbol))
                {
                    steps.Add(new Step(parameter, axis, dim, symbol, null));
                    continue;
                }
                var unknown = dim.Symbols.FirstOrDefault(s => !bound.ContainsKey(s));
                if (unknown is not null)
                {
                    if (!missing.Any(m => m.Item1 == unknown)) missing.Add((unknown, parameter));
                    continue;
                }
                string? source = dim.IsConstant ? null : string.Join(", ", dim.Symbols.Distinct().Select(s => bound[s]));
                steps.Add(new Step(parameter, axis, dim, null, source));
            }
        }

        // Binding steps first, in the order they became possible, so each one's other factors are known.
        unbound = missing;
        var bindings = steps.Where(s => s.Binds is not null).OrderBy(s => order.IndexOf((s.Parameter.Index, s.Axis)));
        return sizes.Concat(bindings).Concat(steps.Where(s => s.Binds is null)).ToList();
    }
}
