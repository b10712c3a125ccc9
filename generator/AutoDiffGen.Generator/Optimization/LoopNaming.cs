using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;

namespace AutoDiffGen.Generator.Optimization;

/// <summary>
/// The identifiers a fused loop's body struct declares, all taken from one scope: the struct's fields and the locals
/// of its methods can then neither clash nor shadow one another, whatever the user's values are called.
/// </summary>
/// <param name="Symbols">The shape symbols the loop reads, each copied into a field.</param>
/// <param name="Values">The names of each operand and body member.</param>
internal sealed record LoopNames(EquatableArray<LoopSymbol> Symbols, EquatableArray<LoopValueNames> Values)
{
    // The body's interface and the locals its methods spell themselves; reserved in every loop's scope.
    public const string BeginRow = "BeginRow";
    public const string Compute = "Compute";
    public const string EndRow = "EndRow";
    public const string Simd = "TSimd";
    public const string Index = "i";
    public const string Row = "row";
    public const string Rest = "rest";

    public static readonly LoopNames None = new(EquatableArray<LoopSymbol>.Empty, EquatableArray<LoopValueNames>.Empty);

    /// <summary>The row index along outer axis <paramref name="axis"/>.</summary>
    public static string RowAlong(int axis) => Row + axis;
}

/// <summary>A shape symbol's local in <c>Compute</c> and the loop field it is copied to.</summary>
internal sealed record LoopSymbol(string Local, string Field);

/// <summary>
/// One value's names in a loop body; empty where the value has no such thing.
/// </summary>
/// <param name="Value">The node.</param>
/// <param name="Field">The field it is passed in: a ref to its first element, or a scalar.</param>
/// <param name="Local">The local its lanes are held in inside <c>Compute</c>.</param>
/// <param name="Offset">The field with its offset at the current row (shared by operands that advance alike).</param>
/// <param name="Row">For an operand that is one element per row: the field holding that element.</param>
/// <param name="Lanes">For a sum kept per row: its lane accumulator.</param>
/// <param name="Total">For a sum of every element: the field the total is left in.</param>
internal sealed record LoopValueNames(int Value, string Field, string Local, string Offset, string Row, string Lanes, string Total);

internal static class LoopNaming
{
    /// <param name="loop">The laid-out loop.</param>
    /// <param name="nameOf">A value's name in <c>Compute</c>, which its loop names are made from.</param>
    /// <param name="isAlias">True for body members that have no lanes of their own (a sum or a broadcast of their input).</param>
    /// <param name="symbolLocal">A shape symbol's local in <c>Compute</c>.</param>
    public static LoopNames Name(LoopPlan loop, Func<int, string> nameOf, Func<int, bool> isAlias, Func<string, string> symbolLocal)
    {
        var reserved = new List<string>
        {
            loop.Name, LoopNames.BeginRow, LoopNames.Compute, LoopNames.EndRow, LoopNames.Simd, LoopNames.Index, LoopNames.Row, LoopNames.Rest,
        };
        reserved.AddRange(Enumerable.Range(0, loop.Outer.Count).Select(LoopNames.RowAlong));
        reserved.AddRange(Identifiers.ObjectMembers);
        var scope = new NameScope(reserved);

        var symbols = loop.Outer.Concat(new[] { loop.Inner }).Concat(loop.Operands.SelectMany(o => o.OuterStrides))
            .SelectMany(d => d.Symbols).Select(symbolLocal).Distinct().OrderBy(s => s, StringComparer.Ordinal)
            .Select(local => new LoopSymbol(local, scope.Take(local))).ToEquatableArray();

        // Fields first, then the locals of Compute, each from the same scope.
        var fields = new Dictionary<int, string>();
        var totals = new Dictionary<int, string>();
        foreach (var operand in loop.Operands)
        {
            string pascal = Identifiers.Pascal(nameOf(operand.Value));
            if (operand.Role == OperandRole.Total) totals[operand.Value] = scope.Take(pascal + "Total");
            else fields[operand.Value] = scope.TakeOr(pascal, pascal + "Data");
        }

        var moving = loop.Operands.Where(o => !IsFixed(o) && o.Role is not (OperandRole.ScalarInput or OperandRole.Total)).ToList();
        var patterns = moving.Select(o => o.OuterStrides).Distinct().ToList();
        var patternFields = patterns.Select(pattern => scope.Take(patterns.Count == 1
            ? "_offset"
            : "_" + nameOf(moving.First(o => o.OuterStrides.Equals(pattern)).Value) + "Offset")).ToList();
        var offsets = moving.ToDictionary(o => o.Value, o => patternFields[patterns.IndexOf(o.OuterStrides)]);

        var rows = loop.Operands.Where(o => !o.InnerContiguous && o.Role == OperandRole.Input)
            .ToDictionary(o => o.Value, o => scope.Take("_" + nameOf(o.Value) + "Row"));
        var lanes = loop.Operands.Where(o => o.Role == OperandRole.Total || (o.Role == OperandRole.Accumulate && !o.InnerContiguous))
            .ToDictionary(o => o.Value, o => scope.Take("_" + nameOf(o.Value) + "Lanes"));

        var locals = new Dictionary<int, string>();
        foreach (var operand in loop.Operands.Where(o => o.Role is OperandRole.Input or OperandRole.ScalarInput))
            locals[operand.Value] = scope.Take(nameOf(operand.Value));
        foreach (int member in loop.Body.Where(m => !isAlias(m)))
            locals[member] = scope.Take(nameOf(member).Length > 0 ? nameOf(member) : "t" + member);

        string Get(Dictionary<int, string> names, int value) => names.TryGetValue(value, out string? name) ? name : string.Empty;
        var values = loop.Operands.Select(o => o.Value).Concat(loop.Body).Distinct()
            .Select(v => new LoopValueNames(v, Get(fields, v), Get(locals, v), Get(offsets, v), Get(rows, v), Get(lanes, v), Get(totals, v)))
            .ToEquatableArray();
        return new LoopNames(symbols, values);
    }

    /// <summary>True for an operand broadcast along every outer axis: it stays put from row to row.</summary>
    public static bool IsFixed(LoopOperand operand) => operand.OuterStrides.All(s => s.IsConstant && s.Factor == 0);
}
