using System.Globalization;
using System.Text;

namespace AutoDiffGen.Generator.Tests.Fuzzing;

/// <summary>
/// Builds a random, well-formed <c>[Differentiable]</c> method (and the helper methods it calls) from a list of
/// decisions. Shapes agree by construction: an operand of a wanted shape is either a value already at hand with that
/// exact shape or a new parameter declared with it. Values stay numerically tame (bounded magnitudes; Log, Sqrt,
/// division and fractional powers only of positive things) so finite differences are meaningful.
/// </summary>
internal sealed class MethodBuilder
{
    // Parameter and local names: plain ones, and ones that collide with what the generated code uses, with keywords,
    // with contextual keywords and with each other up to case.
    private static readonly string[] ValueNames =
    [
        "x", "w", "b", "h", "y", "z", "a", "c", "u", "v", "p", "q", "s", "t", "e", "k", "m",
        "X", "W", "W1", "w1", "XW", "xW", "XTheta", "theta", "T", "N", "D", "H", "C", "E",
        "class", "int", "params", "default", "event", "this",
        "var", "value", "nint", "dynamic", "async", "record", "select",
        "gradients", "row", "column", "i", "rest", "offset", "_offset", "count", "result", "Compute", "BeginRow",
        "EndRow", "Allocate", "TSimd", "dX", "dW", "dx", "loop", "workspace0", "Tensor", "Span", "row0", "t0", "sizeN",
        "allocated", "outputGradient", "xGradient", "xCopy", "xLoop", "xTensor", "xValues", "xSize", "Values", "Size",
        "mean", "variance", "sum", "step", "add", "multiply", "convert", "sumTo", "minus", "_sizeN", "dXGradient",
        "wTensor", "hLoop", "ReluXWPlusBLoop", "xW2", "Item1", "Value", "Gradients",
    ];

    private static readonly string[] SymbolNames =
    [
        "N", "D", "H", "C", "E", "K", "M", "V", "P", "Q", "n", "d", "k", "x", "X", "T", "row", "i", "value", "count",
        "rest", "offset", "sizeN", "TSimd", "int", "result", "gradients", "Length", "N1", "W1", "XTheta", "step", "loop",
        "R", "B",
    ];

    private static readonly string[] ClassNames =
    [
        "Model", "Net", "X", "T", "N", "Compute", "Span", "Loop", "Allocate", "Gradients", "Tensor", "Kernels", "Runtime",
        "Values", "Fused", "Row", "class",
    ];

    private static readonly string[] MethodNames =
    [
        "Loss", "F", "Compute", "Allocate", "Run", "BeginRow", "X", "Value", "Values", "Forward", "Step", "Tensor", "Span",
        "Energy", "Score", "event", "Loop", "Kernel",
    ];

    private static readonly string[] HelperNames =
    [
        "Scale", "Mix", "Dense", "Apply", "Inner", "Copy", "Step", "Compute", "Allocate", "Span", "Helper", "Affine",
        "Combine", "Gate", "Norm", "EndRow", "Tensor",
    ];

    private const double Limit = 30;

    private readonly Choices _c;
    private readonly bool _float;
    private readonly List<string> _helperSources = new();
    private readonly List<Helper> _helpers = new();
    private readonly HashSet<string> _members = new();
    private string _className = "";
    private Scope _s = new(false);
    private bool _reordered;

    private MethodBuilder(Choices choices, bool isFloat)
    {
        _c = choices;
        _float = isFloat;
    }

    private string T => _float ? "float" : "double";

    private string MathClass => _float ? "MathF" : "Math";

    /// <summary>
    /// The method the decisions describe. <paramref name="forceDouble"/> spells the same method in double (every
    /// decision is read the same way), the reference a float method is compared against.
    /// </summary>
    public static FuzzMethod Build(int[] decisions, bool forceDouble = false)
    {
        var choices = new Choices(decisions);
        bool isFloat = choices.Chance(35);
        var builder = new MethodBuilder(choices, isFloat && !forceDouble);
        return builder.BuildMethod(isFloat && !forceDouble);
    }

    private sealed class Scope(bool isHelper)
    {
        public readonly bool IsHelper = isHelper;
        public readonly List<ParamSpec> Params = new();
        public readonly HashSet<string> Names = new();
        public readonly Dictionary<string, int> Symbols = new();
        public readonly HashSet<string> Bound = new();
        public readonly List<Val> Pool = new();
        public readonly List<string> Statements = new();
        public readonly HashSet<string> Hidden = new();
    }

    private sealed record Helper(string Name, int Rank, bool ReturnsTensor, IReadOnlyList<ParamSpec> Params);

    // ---------------------------------------------------------------- method

    private FuzzMethod BuildMethod(bool isFloat)
    {
        int mode = _c.Next(20); // 0-10 scalar loss, 11-16 tensor result, 17-19 all-scalar
        string ns = _c.Pick(new[] { "Fuzz", "", "Fuzz.Inner" });
        _className = PickName(ClassNames, _members);
        _members.Add(_className);
        string methodName = PickName(MethodNames, _members);
        _members.Add(methodName);

        bool allScalar = mode >= 17;
        _allScalarMode = allScalar;
        bool returnsTensor = mode is >= 11 and <= 16;
        _s = new Scope(false);
        Dim[] resultShape = [];
        string body;
        if (allScalar)
        {
            int count = 1 + _c.Next(3);
            for (int i = 0; i < count; i++) NewScalarParam(noDiff: false);
            if (_c.Chance(30)) NewScalarParam(noDiff: true);
            if (_c.Chance(20)) NewIntParam();
            body = Body(() => GenScalar(1 + _c.Next(3), needTensor: false, scalarOnly: true), loopAllowed: false);
        }
        else if (returnsTensor)
        {
            body = Body(() =>
            {
                var shape = ResultShape();
                var value = GenTensor(shape, 1 + _c.Next(3));
                resultShape = value.Shape;
                return value;
            }, loopAllowed: true);
        }
        else
        {
            body = Body(() => GenScalar(1 + _c.Next(3), needTensor: true, scalarOnly: false), loopAllowed: true);
        }

        var parameters = _s.Params.ToList();
        if (parameters.Count > 1 && _c.Chance(40)) parameters = _c.Shuffle(parameters);
        if (parameters.Count == 0) parameters.Add(NewScalarParam(noDiff: false));

        string returnType = returnsTensor ? $"Tensor<{T}>" : T;
        var method = new StringBuilder();
        method.AppendLine("    [Differentiable]");
        method.Append($"    public static {returnType} {Names.Escape(methodName)}({string.Join(", ", parameters.Select(RenderParam))})");
        method.Append(body);

        var text = new StringBuilder();
        text.AppendLine("using System;");
        text.AppendLine("using System.Numerics.Tensors;");
        text.AppendLine("using AutoDiffGen;");
        text.AppendLine();
        bool block = ns == "Fuzz.Inner";
        string indent = block ? "    " : "";
        if (ns.Length > 0) text.AppendLine(block ? $"namespace {ns}\n{{" : $"namespace {ns};\n");
        text.AppendLine($"{indent}public static partial class {Names.Escape(_className)}");
        text.AppendLine($"{indent}{{");
        foreach (var helper in _helperSources) text.AppendLine(Indent(helper, indent)).AppendLine();
        text.AppendLine(Indent(method.ToString(), indent));
        text.AppendLine($"{indent}}}");
        if (block) text.AppendLine("}");

        string inBox = _allNames.Contains("Tensor") || _members.Contains("Tensor") ? "global::System.Numerics.Tensors.Tensor" : "Tensor";
        return new FuzzMethod
        {
            Source = text.ToString().Replace(InBox, inBox).Replace(TensorType, inBox),
            Namespace = ns,
            ClassName = _className,
            MethodName = methodName,
            IsFloat = isFloat,
            AllScalar = allScalar,
            ReturnsTensor = returnsTensor,
            ResultShape = resultShape,
            Parameters = parameters,
            Reordered = _reordered,
            HasLoop = _carries.Count > 0,
            Sizes = string.Join(", ", _s.Symbols.Select(kv => $"{kv.Key}={kv.Value}")),
        };
    }

    private static string Indent(string text, string indent)
        => indent.Length == 0 ? text.TrimEnd() : string.Join("\n", text.TrimEnd().Split('\n').Select(l => l.Length == 0 ? l : indent + l));

    /// <summary>Locals, in-place updates and reassignments, maybe a loop among them, then the result; or an expression body.</summary>
    private string Body(Func<Val> result, bool loopAllowed)
    {
        int locals = _c.Next(4);
        // Loops among the locals: one, sometimes two one after the other or apart.
        var loopsAt = new int[locals + 1];
        if (loopAllowed && _c.Chance(LoopPercent))
        {
            loopsAt[_c.Next(locals + 1)]++;
            if (_c.Chance(15)) loopsAt[_c.Next(locals + 1)]++;
        }
        for (int i = 0; i <= locals; i++)
        {
            for (int j = 0; j < loopsAt[i]; j++) Loop();
            if (i < locals) Local();
        }
        _carriesRead.Clear();
        var resultValue = result();
        // A loop whose result nothing reads would test nothing: the result reads each carried tensor it does not already.
        foreach (var carried in _carries.GroupBy(v => v.Text).Select(g => g.Last()).Where(v => !_carriesRead.Contains(v.Text)).ToList())
            resultValue = ReadCarried(resultValue, carried);
        string value = resultValue.Text;
        if (_s.Statements.Count == 0 && _c.Next(2) == 0) return $"\n        => {value};\n";
        var body = new StringBuilder("\n    {\n");
        foreach (var statement in _s.Statements) body.Append("        ").Append(statement).Append('\n');
        body.Append($"        return {value};\n    }}\n");
        return body.ToString();
    }

    private bool _allScalarMode;

    private void Local()
    {
        string name = NewName();
        int depth = 1 + _c.Next(3);
        if (_allScalarMode || _c.Chance(15))
        {
            var value = GenScalar(depth, needTensor: false, scalarOnly: _allScalarMode);
            string type = _c.Next(2) == 0 ? "var" : T;
            _s.Statements.Add($"{type} {Names.Escape(name)} = {Strip(value.Text)};");
            _s.Pool.Add(value with { Text = Names.Escape(name), Fresh = false });
            return;
        }

        var tensors = _s.Pool.Where(v => !v.IsScalar).ToList();
        var shape = tensors.Count > 0 && _c.Chance(50) ? _c.Pick(tensors).Shape : RandomShape();
        var init = GenTensor(shape, depth);
        string id = Names.Escape(name);
        string declared = _c.Chance(25) ? $"{TensorType}<{T}>" : "var";
        _s.Statements.Add($"{declared} {id} = {Strip(init.Text)};");
        var local = init with { Text = id, Fresh = false };

        if (init.Fresh && _c.Chance(35))
        {
            // In place, on a local nothing else has seen yet; the right-hand side does not read it.
            string[] ops = ["+=", "-=", "*=", "/="];
            string op = _c.Pick(ops);
            Val rhs;
            if (_c.Chance(30)) rhs = GenScalar(depth - 1, needTensor: false, scalarOnly: false);
            else rhs = GenTensor(_c.Chance(50) ? BroadcastSource(shape) : shape, depth - 1);
            switch (op)
            {
                case "*=":
                    rhs = rhs.IsScalar ? TameScalar(rhs, 3) : Tame(rhs, 3);
                    local = local with { Bound = local.Bound * rhs.Bound, Low = 0, Smooth = local.Smooth && rhs.Smooth };
                    break;
                case "/=":
                    rhs = rhs.IsScalar ? PositiveScalar(rhs) : Positive(rhs);
                    local = local with { Bound = local.Bound / rhs.Low, Low = 0, Smooth = local.Smooth && rhs.Smooth };
                    break;
                default:
                    local = local with { Bound = local.Bound + rhs.Bound, Low = 0, Smooth = local.Smooth && rhs.Smooth };
                    break;
            }
            _s.Statements.Add($"{id} {op} {Strip(rhs.Text)};");
        }
        _s.Pool.Add(local);

        if (_c.Chance(15))
        {
            // Reassignment: a new value under the same name, which may read the old one.
            var next = GenTensor(shape, depth);
            _s.Pool.Remove(local);
            _s.Statements.Add($"{id} = {Strip(next.Text)};");
            _s.Pool.Add(next with { Text = id, Fresh = false });
        }
    }

    private static string Strip(string text) => text;

    private Dim[] ResultShape()
    {
        var tensors = _s.Pool.Where(v => !v.IsScalar).ToList();
        return tensors.Count > 0 && _c.Chance(40) ? _c.Pick(tensors).Shape : RandomShape();
    }

    private Dim[] RandomShape()
    {
        int rank = _c.Chance(8) ? 4 : 1 + _c.Next(3);
        var dims = new Dim[rank];
        for (int i = 0; i < rank; i++) dims[i] = rank == 4 && _c.Chance(30) ? Dim.One : NewDim(minTwo: false);
        return dims;
    }

    // ---------------------------------------------------------------- names, dims, parameters

    private static string PickName(string[] pool, HashSet<string> taken, Choices c)
    {
        int start = c.Next(pool.Length);
        for (int i = 0; i < pool.Length; i++)
        {
            string name = pool[(start + i) % pool.Length];
            if (!taken.Contains(name)) return name;
        }
        for (int i = 2; ; i++)
            if (!taken.Contains(pool[0] + i)) return pool[0] + i;
    }

    private string PickName(string[] pool, HashSet<string> taken) => PickName(pool, taken, _c);

    private string NewName()
    {
        string name;
        var existing = _s.Names.Where(n => char.IsLetter(n[0])).ToList();
        if (existing.Count > 0 && _c.Chance(12))
        {
            // The same name up to case.
            string other = _c.Pick(existing);
            string flipped = char.IsUpper(other[0]) ? char.ToLowerInvariant(other[0]) + other[1..] : char.ToUpperInvariant(other[0]) + other[1..];
            name = _s.Names.Contains(flipped) || Names.IsKeyword(flipped) || _members.Contains(flipped) ? PickName(ValueNames, _s.Names) : flipped;
        }
        else
        {
            name = PickName(ValueNames, _s.Names);
        }
        if (_helperNames.Contains(name)) name = PickName(ValueNames, new HashSet<string>(_s.Names.Concat(_helperNames)));
        _s.Names.Add(name);
        _allNames.Add(name);
        return name;
    }

    private Dim NewDim(bool minTwo)
    {
        var symbols = _s.Symbols.Keys.ToList();
        var bound = _s.Bound.ToList();
        int kind = _c.Next(10);
        if (kind <= 2 && symbols.Count > 0)
        {
            string symbol = _c.Pick(symbols);
            if (!minTwo || _s.Symbols[symbol] >= 2) return new Dim(symbol, _s.Symbols[symbol]);
        }
        if (kind == 3) return new Dim("2", 2);
        if (kind == 4) return new Dim("3", 3);
        if (kind == 5 && bound.Count > 0)
        {
            string symbol = _c.Pick(bound);
            int factor = 2 + _c.Next(2);
            return new Dim($"{factor}*{symbol}", factor * _s.Symbols[symbol]);
        }
        return NewSymbol();
    }

    private Dim NewSymbol(int? size = null)
    {
        string name;
        var paramNames = _s.Params.Select(p => p.Name).Where(n => !_s.Symbols.ContainsKey(n) && n.All(ch => char.IsLetterOrDigit(ch) || ch == '_')).ToList();
        if (paramNames.Count > 0 && _c.Chance(20)) name = _c.Pick(paramNames);
        else name = PickName(SymbolNames, new HashSet<string>(_s.Symbols.Keys));
        int value = size ?? 2 + _c.Next(3);
        _s.Symbols[name] = value;
        return new Dim(name, value);
    }

    private void BindSymbols(Dim[] shape)
    {
        foreach (var d in shape)
            if (_s.Symbols.ContainsKey(d.Text)) _s.Bound.Add(d.Text);
    }

    private Val NewTensorParam(Dim[] shape, bool? noDiff = null)
    {
        bool isNoDiff = noDiff ?? _c.Chance(15);
        var param = new ParamSpec(NewName(), ParamKind.Tensor, shape, isNoDiff);
        _s.Params.Add(param);
        BindSymbols(shape);
        var value = new Val(param.Id, shape, false, _s.IsHelper ? 3 : 1, 0, true, false);
        _s.Pool.Add(value);
        return value;
    }

    private ParamSpec NewScalarParam(bool noDiff)
    {
        var param = new ParamSpec(NewName(), ParamKind.Scalar, [], noDiff);
        _s.Params.Add(param);
        // Differentiated scalars take values in [-1, 1], [NoDiff] ones in [0.5, 1.5].
        _s.Pool.Add(new Val(param.Id, [], true, noDiff ? 1.5 : 1, noDiff ? 0.5 : 0, true, false));
        return param;
    }

    private ParamSpec NewIntParam()
    {
        var param = new ParamSpec(NewName(), ParamKind.Int, [], true);
        _s.Params.Add(param);
        return param;
    }

    private ParamSpec IndexParam(Dim[] shape, Dim range)
    {
        var existing = _s.Params.FirstOrDefault(p => p.Kind == ParamKind.Index && Shapes.Key(p.Shape) == Shapes.Key(shape) && p.Range == range.Size);
        if (existing is not null && _c.Next(2) == 0) return existing;
        var param = new ParamSpec(NewName(), ParamKind.Index, shape, true, range.Size);
        _s.Params.Add(param);
        BindSymbols(shape);
        return param;
    }

    private string RenderParam(ParamSpec p)
    {
        switch (p.Kind)
        {
            case ParamKind.Scalar:
                return (p.NoDiff ? "[NoDiff] " : "") + $"{T} {p.Id}";
            case ParamKind.Int:
                return $"int {p.Id}";
        }
        string separator = _c.Pick(new[] { ", ", ",", " , " });
        string shape = $"Shape(\"{string.Join(separator, p.Shape.Select(d => d.Text))}\")";
        string type = p.Kind == ParamKind.Index ? "Tensor<int>" : $"Tensor<{T}>";
        string attributes = !p.NoDiff || p.Kind == ParamKind.Index ? $"[{shape}]"
            : _c.Pick(new[] { $"[NoDiff, {shape}]", $"[{shape}, NoDiff]", $"[NoDiff][{shape}]" });
        return $"{attributes} {type} {p.Id}";
    }

    // ---------------------------------------------------------------- literals and calls

    private string Lit(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        if (_float) text += "f";
        else if (!text.Contains('.') && !text.Contains('E')) text += ".0";
        return value < 0 ? $"({text})" : text;
    }

    // Resolved when the file is written, once every name in it is known.
    private const string InBox = "__INBOX__";

    private const string TensorType = "__TENSORTYPE__";

    private readonly HashSet<string> _allNames = new();

    private readonly HashSet<string> _helperNames = new();

    /// <summary>
    /// A TensorMath call, fluent or static, with its arguments positional, named in order, or named out of order.
    /// <paramref name="args"/> are (parameter name, value or null when left to its default).
    /// </summary>
    private string Call(string op, string receiverParameter, string receiver, params (string Name, string? Value)[] args)
    {
        int form = _c.Next(6);
        var given = args.Select((a, i) => (a.Name, a.Value, Index: i)).Where(a => a.Value is not null).ToList();
        string Positional(IEnumerable<(string Name, string? Value, int Index)> list)
        {
            var parts = new List<string>();
            int expected = 0;
            bool named = false;
            foreach (var a in list)
            {
                named |= a.Index != expected;
                parts.Add(named ? $"{a.Name}: {a.Value}" : a.Value!);
                expected = a.Index + 1;
            }
            return string.Join(", ", parts);
        }
        string Named(List<(string Name, string? Value, int Index)> list, int prefix)
        {
            var head = list.Take(prefix).ToList();
            var tail = _c.Shuffle(list.Skip(prefix));
            for (int i = 0; i + 1 < tail.Count; i++)
                if (tail[i].Index > tail[i + 1].Index) _reordered = true;
            var parts = new List<string>();
            if (head.Count > 0) parts.Add(Positional(head));
            parts.AddRange(tail.Select(a => $"{a.Name}: {a.Value}"));
            return string.Join(", ", parts);
        }
        switch (form)
        {
            case 0:
            case 1:
                return $"{receiver}.{op}({Positional(given)})";
            case 2:
                return $"{receiver}.{op}({string.Join(", ", given.Select(a => $"{a.Name}: {a.Value}"))})";
            case 3:
                return $"{receiver}.{op}({Named(given, _c.Next(given.Count + 1))})";
            case 4:
            {
                var all = new List<(string Name, string? Value, int Index)> { (receiverParameter, receiver, -1) };
                all.AddRange(given);
                var shuffled = _c.Shuffle(all);
                if (shuffled[0].Index != -1) _reordered = true;
                for (int i = 0; i + 1 < shuffled.Count; i++)
                    if (shuffled[i].Index > shuffled[i + 1].Index) _reordered = true;
                return $"TensorMath.{op}({string.Join(", ", shuffled.Select(a => $"{a.Name}: {a.Value}"))})";
            }
            default:
            {
                string rest = Positional(given);
                return $"TensorMath.{op}({receiver}{(rest.Length > 0 ? ", " + rest : "")})";
            }
        }
    }

    // ---------------------------------------------------------------- taming

    private Val Tame(Val v, double limit)
        => v.Bound <= limit ? v : new Val(Call("Tanh", "x", v.Text), v.Shape, false, 1, 0, v.Smooth, true);

    private Val TameScalar(Val v, double limit)
        => v.Bound <= limit ? v : new Val($"{MathClass}.Tanh({v.Text})", [], true, 1, 0, v.Smooth, false);

    /// <summary>v itself if it is positive enough, else something positive made from it.</summary>
    private Val Positive(Val v)
    {
        if (v.Low >= 0.05) return v;
        switch (_c.Next(4))
        {
            case 0:
            {
                var t = Tame(v, 5);
                return new Val($"({Call("Square", "x", t.Text)} + 1)", v.Shape, false, t.Bound * t.Bound + 1, 1, t.Smooth, true);
            }
            case 1:
            {
                var t = Tame(v, 3);
                return new Val(Call("Exp", "x", t.Text), v.Shape, false, Math.Exp(t.Bound), Math.Exp(-t.Bound), t.Smooth, true);
            }
            case 2:
                return new Val($"({Call("Abs", "x", v.Text)} + 1)", v.Shape, false, v.Bound + 1, 1, false, true);
            default:
                return new Val($"({Call("Sigmoid", "x", v.Text)} + {Lit(0.5)})", v.Shape, false, 1.5, 0.5, v.Smooth, true);
        }
    }

    private Val PositiveScalar(Val v)
    {
        if (v.Low >= 0.05) return v;
        var t = TameScalar(v, 5);
        return new Val($"({t.Text} * {t.Text} + 1)", [], true, t.Bound * t.Bound + 1, 1, t.Smooth, false);
    }

    // ---------------------------------------------------------------- tensors

    private Val Leaf(Dim[] shape)
    {
        string key = Shapes.Key(shape);
        var matches = _s.Pool.Where(v => !v.IsScalar && v.Key == key && !_s.Hidden.Contains(v.Text)).ToList();
        if (matches.Count > 0 && (_s.IsHelper || _c.Next(3) != 2))
        {
            var match = _c.Pick(matches);
            if (!_s.IsHelper) _carriesRead.Add(match.Text);
            if (!_s.IsHelper && _layerTexts.Contains(match.Text)) _layerRead = true;
            return match with { Fresh = false };
        }
        if (_s.IsHelper) return _s.Pool.First(v => !v.IsScalar) with { Fresh = false };
        return NewTensorParam(shape);
    }

    /// <summary>A shape that broadcasts to <paramref name="shape"/>: some dimensions 1, maybe fewer leading ones.</summary>
    private Dim[] BroadcastSource(Dim[] shape)
    {
        var dims = shape.Select(d => !d.IsOne && _c.Chance(40) ? Dim.One : d).ToList();
        int drop = _c.Next(shape.Length);
        if (drop > 0 && _c.Chance(50)) dims = dims.Skip(drop).ToList();
        return dims.ToArray();
    }

    private Val GenTensor(Dim[] shape, int depth)
    {
        if (depth <= 0 || _c.Chance(20)) return Leaf(shape);
        int rank = shape.Length;
        var ops = new List<int> { 1, 2, 4, 5, 8, 17, 18 };
        if (!_s.IsHelper)
        {
            ops.Add(3);
            ops.Add(16);
            if (shape.Any(d => d.IsOne)) ops.Add(6);
            if (rank <= 3) ops.Add(7);
            if (rank <= 2) ops.Add(9);
            if (rank == 2) ops.Add(10);
            if (shape[^1].Size >= 2) ops.Add(11);
            if (rank == 2 && shape[0].Size >= 2) ops.Add(12);
            if (rank is 2 or 3) ops.Add(13);
            if (rank == 1) ops.Add(14);
            if (rank >= 2 && shape[^1].Text.Contains('*')) { ops.Add(15); ops.Add(15); }
            if (rank <= 3) ops.Add(7);
            if (rank <= 2) ops.Add(9);
            // A constant layer of a stack, outside a loop (inside one a stack is read at the counter).
            if (!_inLoop && rank <= 3) ops.Add(19);
        }
        int op = _c.Pick(ops);
        switch (op)
        {
            case 1: return Unary(GenTensor(shape, depth - 1));
            case 2:
            {
                var a = GenTensor(shape, depth - 1);
                var b = GenTensor(shape, depth - 1);
                return Binary(a, b, shape, inBoxAllowed: true);
            }
            case 3:
            {
                // Broadcasting: per axis both full, or one side 1; a side may drop leading axes of 1.
                var left = new List<Dim>();
                var right = new List<Dim>();
                foreach (var d in shape)
                {
                    int mode = d.IsOne ? 0 : _c.Next(3);
                    left.Add(mode == 1 ? Dim.One : d);
                    right.Add(mode == 2 ? Dim.One : d);
                }
                // Only one side may drop leading axes, so the result keeps the wanted rank.
                bool dropLeft = _c.Next(2) == 0;
                var l = dropLeft ? Drop(left) : left;
                var r = dropLeft ? right : Drop(right);
                var a = l.Count == 0 ? null : GenTensor(l.ToArray(), depth - 1);
                var b = r.Count == 0 ? null : GenTensor(r.ToArray(), depth - 1);
                if (a is null || b is null) return Unary(GenTensor(shape, depth - 1));
                return Binary(a, b, shape, inBoxAllowed: false);
            }
            case 4:
            {
                var a = Tame(GenTensor(shape, depth - 1), Limit);
                var b = Positive(GenTensor(_c.Chance(50) ? BroadcastSource(shape) : shape, depth - 1));
                if (b.Shape.Length == 0) b = Positive(GenTensor(shape, depth - 1));
                return new Val($"({a.Text} / {b.Text})", shape, false, a.Bound / b.Low, 0, a.Smooth && b.Smooth, true);
            }
            case 5: return WithScalar(GenTensor(shape, depth - 1), GenScalar(depth - 1, needTensor: false, scalarOnly: false));
            case 6: return ReduceKeep(shape, depth);
            case 7: return ReduceDrop(shape, depth);
            case 8:
            {
                var x = Tame(GenTensor(shape, depth - 1), 10);
                int axis = _c.Next(rank);
                bool log = _c.Next(2) == 1;
                string text = Call(log ? "LogSoftmax" : "Softmax", "x", x.Text, ("axis", axis.ToString(CultureInfo.InvariantCulture)));
                double n = shape[axis].Size;
                return new Val(text, shape, false, log ? 2 * x.Bound + Math.Log(n) : 1, 0, x.Smooth, true);
            }
            case 9: return MatMul(shape, depth);
            case 10:
            {
                var x = GenTensor([shape[1], shape[0]], depth - 1);
                return new Val(Call("Transpose", "x", x.Text), shape, false, x.Bound, x.Low, x.Smooth, false);
            }
            case 11:
            {
                var x = Tame(GenTensor(shape, depth - 1), Limit);
                var gain = Tame(GenTensor([shape[^1]], depth - 2), 3);
                var bias = Tame(GenTensor([shape[^1]], depth - 2), 3);
                string? epsilon = _c.Pick(new[] { null, "1e-5", "1e-3", "0.1" });
                string text = Call("LayerNorm", "x", x.Text, ("gain", gain.Text), ("bias", bias.Text), ("epsilon", epsilon));
                return new Val(text, shape, false, Math.Sqrt(shape[^1].Size) * gain.Bound + bias.Bound, 0, x.Smooth && gain.Smooth && bias.Smooth, true);
            }
            case 12:
            {
                var x = Tame(GenTensor(shape, depth - 1), Limit);
                Dim[] Row() => _c.Next(2) == 0 ? [shape[1]] : [Dim.One, shape[1]];
                var gain = Tame(GenTensor(Row(), depth - 2), 3);
                var bias = Tame(GenTensor(Row(), depth - 2), 3);
                string? epsilon = _c.Pick(new[] { null, "1e-5", "1e-3", "0.1" });
                string? correction = _c.Pick(new[] { null, "1", "0" });
                string text = Call("BatchNorm", "x", x.Text, ("gain", gain.Text), ("bias", bias.Text), ("epsilon", epsilon), ("correction", correction));
                return new Val(text, shape, false, Math.Sqrt(shape[0].Size) * 2 * gain.Bound + bias.Bound, 0, x.Smooth && gain.Smooth && bias.Smooth, true);
            }
            case 13:
            {
                var rows = NewDim(minTwo: false);
                var table = _c.Chance(25) ? GenTensor([rows, shape[^1]], depth - 1) : Leaf([rows, shape[^1]]);
                var indices = IndexParam(shape[..^1], rows);
                string text = Call("Embedding", "table", table.Text, ("indices", indices.Id));
                // Repeated indices repeat rows: ties for Max, so not "smooth".
                return new Val(text, shape, false, table.Bound, table.Low, false, true);
            }
            case 14:
            {
                var classes = NewDim(minTwo: false);
                var x = GenTensor([shape[0], classes], depth - 1);
                var indices = IndexParam(shape, classes);
                return new Val(Call("Pick", "x", x.Text, ("indices", indices.Id)), shape, false, x.Bound, x.Low, x.Smooth, true);
            }
            case 15: return Flatten(shape, depth);
            case 16: return HelperCall(shape, depth, scalar: false);
            case 17: return InBoxUnary(GenTensor(shape, depth - 1));
            case 19:
            {
                var layers = _c.Chance(40) ? new Dim("2", 2) : NewDim(minTwo: false);
                var stack = GenTensor([layers, .. shape], depth - 1);
                string index = _c.Next(layers.Size).ToString(CultureInfo.InvariantCulture);
                return new Val(Call("Layer", "x", stack.Text, ("index", index)), shape, false, stack.Bound, stack.Low, stack.Smooth, false);
            }
            default: return Pow(GenTensor(shape, depth - 1));
        }
    }

    private List<Dim> Drop(List<Dim> dims)
    {
        int ones = dims.TakeWhile(d => d.IsOne).Count();
        return ones > 0 && _c.Chance(50) ? dims.Skip(_c.Next(ones) + 1).ToList() : dims;
    }

    private Val Binary(Val a, Val b, Dim[] shape, bool inBoxAllowed)
    {
        int op = _c.Next(3);
        bool inBox = inBoxAllowed && _c.Chance(15);
        if (op == 2)
        {
            a = Tame(a, 5);
            b = Tame(b, 5);
        }
        else
        {
            a = Tame(a, Limit);
            b = Tame(b, Limit);
        }
        string[] symbols = ["+", "-", "*"];
        string[] inBoxNames = ["Add", "Subtract", "Multiply"];
        string text = inBox ? $"{InBox}.{inBoxNames[op]}<{T}>({a.Text}, {b.Text})" : $"({a.Text} {symbols[op]} {b.Text})";
        double bound = op == 2 ? a.Bound * b.Bound : a.Bound + b.Bound;
        double low = op == 0 && a.Low > 0 && b.Low > 0 ? a.Low + b.Low : op == 2 && a.Low > 0 && b.Low > 0 ? a.Low * b.Low : 0;
        return new Val(text, shape, false, bound, low, a.Smooth && b.Smooth, true);
    }

    private Val WithScalar(Val v, Val s)
    {
        v = Tame(v, Limit);
        s = TameScalar(s, Limit);
        switch (_c.Next(8))
        {
            case 0: return new Val($"({v.Text} * {s.Text})", v.Shape, false, v.Bound * s.Bound, v.Low > 0 && s.Low > 0 ? v.Low * s.Low : 0, v.Smooth && s.Smooth, true);
            case 1: return new Val($"({v.Text} + {s.Text})", v.Shape, false, v.Bound + s.Bound, v.Low > 0 && s.Low > 0 ? v.Low + s.Low : 0, v.Smooth && s.Smooth, true);
            case 2: return new Val($"({v.Text} - {s.Text})", v.Shape, false, v.Bound + s.Bound, 0, v.Smooth && s.Smooth, true);
            case 3: return new Val($"({s.Text} * {v.Text})", v.Shape, false, v.Bound * s.Bound, v.Low > 0 && s.Low > 0 ? v.Low * s.Low : 0, v.Smooth && s.Smooth, true);
            case 4: return new Val($"({s.Text} - {v.Text})", v.Shape, false, v.Bound + s.Bound, 0, v.Smooth && s.Smooth, true);
            case 5: return new Val($"({s.Text} + {v.Text})", v.Shape, false, v.Bound + s.Bound, 0, v.Smooth && s.Smooth, true);
            case 6:
            {
                var p = PositiveScalar(s);
                return new Val($"({v.Text} / {p.Text})", v.Shape, false, v.Bound / p.Low, 0, v.Smooth && p.Smooth, true);
            }
            default:
            {
                var p = Positive(v);
                return new Val($"({s.Text} / {p.Text})", v.Shape, false, s.Bound / p.Low, 0, s.Smooth && p.Smooth, true);
            }
        }
    }

    private Val Unary(Val v)
    {
        switch (_c.Next(12))
        {
            case 0: return new Val(Call("Tanh", "x", v.Text), v.Shape, false, 1, 0, v.Smooth, true);
            case 1: return new Val($"(-{v.Text})", v.Shape, false, v.Bound, 0, v.Smooth, true);
            case 2:
            {
                var t = Tame(v, 3);
                return new Val(Call("Exp", "x", t.Text), v.Shape, false, Math.Exp(t.Bound), Math.Exp(-t.Bound), t.Smooth, true);
            }
            case 3:
            {
                var t = Tame(v, 5);
                return new Val(Call("Sigmoid", "x", t.Text), v.Shape, false, 1, 1 / (1 + Math.Exp(t.Bound)), t.Smooth, true);
            }
            case 4:
            {
                var p = Positive(v);
                return new Val(Call("Log", "x", p.Text), v.Shape, false, Math.Max(Math.Abs(Math.Log(p.Low)), Math.Log(p.Bound)), 0, p.Smooth, true);
            }
            case 5:
            {
                var p = Positive(v);
                return new Val(Call("Sqrt", "x", p.Text), v.Shape, false, Math.Sqrt(p.Bound), Math.Sqrt(p.Low), p.Smooth, true);
            }
            case 6:
            {
                var t = Tame(v, 5);
                return new Val(Call("Square", "x", t.Text), v.Shape, false, t.Bound * t.Bound, 0, t.Smooth, true);
            }
            case 7: return new Val(Call("Sin", "x", v.Text), v.Shape, false, 1, 0, v.Smooth, true);
            case 8: return new Val(Call("Cos", "x", v.Text), v.Shape, false, 1, 0, v.Smooth, true);
            case 9: return new Val(Call("Relu", "x", v.Text), v.Shape, false, v.Bound, 0, false, true);
            case 10: return new Val(Call("Abs", "x", v.Text), v.Shape, false, v.Bound, 0, false, true);
            default: return Pow(v);
        }
    }

    private Val Pow(Val v)
    {
        double[] exponents = [2, 3, 0.5, -1, 1.5, -0.5];
        double p = _c.Pick(exponents);
        string exponent = p == Math.Floor(p) ? p.ToString(CultureInfo.InvariantCulture) : Lit(p);
        if (p < 0) exponent = _float ? $"{p.ToString(CultureInfo.InvariantCulture)}f" : p.ToString(CultureInfo.InvariantCulture);
        if (p is 2 or 3)
        {
            var t = Tame(v, 3);
            return new Val(Call("Pow", "x", t.Text, ("exponent", exponent)), v.Shape, false, Math.Pow(t.Bound, p), 0, t.Smooth, true);
        }
        var q = Positive(v);
        double bound = p > 0 ? Math.Pow(q.Bound, p) : Math.Pow(q.Low, p);
        double low = p > 0 ? Math.Pow(q.Low, p) : Math.Pow(q.Bound, p);
        return new Val(Call("Pow", "x", q.Text, ("exponent", exponent)), v.Shape, false, bound, low, q.Smooth, true);
    }

    private Val InBoxUnary(Val v)
    {
        switch (_c.Next(8))
        {
            case 0: return new Val($"{InBox}.Tanh<{T}>({v.Text})", v.Shape, false, 1, 0, v.Smooth, true);
            case 1:
            {
                var t = Tame(v, 3);
                return new Val($"{InBox}.Exp<{T}>({t.Text})", v.Shape, false, Math.Exp(t.Bound), Math.Exp(-t.Bound), t.Smooth, true);
            }
            case 2: return new Val($"{InBox}.Negate<{T}>({v.Text})", v.Shape, false, v.Bound, 0, v.Smooth, true);
            case 3: return new Val($"{InBox}.Sin<{T}>({v.Text})", v.Shape, false, 1, 0, v.Smooth, true);
            case 4: return new Val($"{InBox}.Cos<{T}>({v.Text})", v.Shape, false, 1, 0, v.Smooth, true);
            case 5:
            {
                var t = Tame(v, 5);
                return new Val($"{InBox}.Sigmoid<{T}>({t.Text})", v.Shape, false, 1, 0, t.Smooth, true);
            }
            case 6:
            {
                var p = Positive(v);
                return new Val($"{InBox}.Log<{T}>({p.Text})", v.Shape, false, Math.Max(Math.Abs(Math.Log(p.Low)), Math.Log(p.Bound)), 0, p.Smooth, true);
            }
            default:
            {
                var p = Positive(v);
                return new Val($"{InBox}.Sqrt<{T}>({p.Text})", v.Shape, false, Math.Sqrt(p.Bound), Math.Sqrt(p.Low), p.Smooth, true);
            }
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private (string Op, Val Value) Reduction(Val x, Dim axisDim, int axis, bool keepDims, Dim[] shape)
    {
        int which = _c.Next(5);
        string axisText = axis.ToString(CultureInfo.InvariantCulture);
        string? keep = keepDims ? "true" : _c.Pick(new[] { null, "false" });
        switch (which)
        {
            case 1:
                return ("Mean", new Val(Call("Mean", "x", x.Text, ("axis", axisText), ("keepDims", keep)), shape, false, x.Bound, x.Low, x.Smooth, true));
            case 2 when x.Smooth:
                return ("Max", new Val(Call("Max", "x", x.Text, ("axis", axisText), ("keepDims", keep)), shape, false, x.Bound, 0, true, true));
            case 3:
            {
                var t = Tame(x, 10);
                return ("LogSumExp", new Val(Call("LogSumExp", "x", t.Text, ("axis", axisText), ("keepDims", keep)), shape, false, t.Bound + Math.Log(axisDim.Size), 0, t.Smooth, true));
            }
            case 4:
            {
                var t = Tame(x, 5);
                string? correction = axisDim.Size >= 2 ? _c.Pick(new[] { null, "1", "0" }) : "0";
                string text = Call("Var", "x", t.Text, ("axis", axisText), ("keepDims", keep), ("correction", correction));
                return ("Var", new Val(text, shape, false, t.Bound * t.Bound * 2, 0, t.Smooth, true));
            }
            default:
                return ("Sum", new Val(Call("Sum", "x", x.Text, ("axis", axisText), ("keepDims", keep)), shape, false, x.Bound * axisDim.Size, x.Low > 0 ? x.Low * axisDim.Size : 0, x.Smooth, true));
        }
    }

    private Val ReduceKeep(Dim[] shape, int depth)
    {
        var axes = Enumerable.Range(0, shape.Length).Where(i => shape[i].IsOne).ToList();
        int axis = _c.Pick(axes);
        var dim = NewDim(minTwo: false);
        var input = shape.ToArray();
        input[axis] = dim;
        var x = Tame(GenTensor(input, depth - 1), Limit);
        return Reduction(x, dim, axis, keepDims: true, shape).Value;
    }

    private Val ReduceDrop(Dim[] shape, int depth)
    {
        int axis = _c.Next(shape.Length + 1);
        var dim = NewDim(minTwo: false);
        var input = shape.Take(axis).Append(dim).Concat(shape.Skip(axis)).ToArray();
        var x = Tame(GenTensor(input, depth - 1), Limit);
        return Reduction(x, dim, axis, keepDims: false, shape).Value;
    }

    private Val MatMul(Dim[] shape, int depth)
    {
        var k = NewDim(minTwo: false);
        Val Operand(Dim first, Dim second)
        {
            if (_c.Chance(30))
            {
                var t = Tame(GenTensor([second, first], depth - 1), 3);
                return new Val(Call("Transpose", "x", t.Text), [first, second], false, t.Bound, 0, t.Smooth, true);
            }
            return Tame(GenTensor([first, second], depth - 1), 3);
        }
        Val a, b;
        if (shape.Length == 2)
        {
            a = Operand(shape[0], k);
            b = Operand(k, shape[1]);
        }
        else if (_c.Next(2) == 0)
        {
            a = Tame(GenTensor([k], depth - 1), 3);
            b = Operand(k, shape[0]);
        }
        else
        {
            a = Operand(shape[0], k);
            b = Tame(GenTensor([k], depth - 1), 3);
        }
        return new Val(Call("MatMul", "a", a.Text, ("b", b.Text)), shape, false, a.Bound * b.Bound * k.Size, 0, a.Smooth && b.Smooth, true);
    }

    private Val Flatten(Dim[] shape, int depth)
    {
        string[] parts = shape[^1].Text.Split('*');
        int factor = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var symbol = new Dim(parts[1], _s.Symbols[parts[1]]);
        var input = shape[..^1].Append(new Dim(parts[0], factor)).Append(symbol).ToArray();
        var x = GenTensor(input, depth - 1);
        int start = shape.Length - 1;
        string text;
        var lengthOf = _s.Params.Where(p => p.Kind is ParamKind.Tensor or ParamKind.Index && p.Shape.Length > 0)
            .SelectMany(p => p.Shape.Select((d, i) => (p, d, i))).FirstOrDefault(t => t.d.Text == shape[0].Text && !t.d.Text.Contains('*'));
        if (shape.Length == 2 && lengthOf.p is not null && _c.Chance(40))
            text = $"{x.Text}.Reshape({lengthOf.p.Id}.Lengths[{lengthOf.i}], -1)";
        else if (start == 1 && _c.Next(2) == 0)
            text = Call("Flatten", "x", x.Text);
        else
            text = Call("Flatten", "x", x.Text, ("startAxis", start.ToString(CultureInfo.InvariantCulture)));
        return new Val(text, shape, false, x.Bound, x.Low, x.Smooth, false);
    }

    // ---------------------------------------------------------------- loops

    /// <summary>
    /// In how many of the methods that may have one (not all-scalar ones) the body has a loop, in percent;
    /// <c>AUTODIFFGEN_FUZZ_LOOP_PERCENT</c> overrides it (100: every such method).
    /// </summary>
    private static readonly int LoopPercent =
        int.TryParse(Environment.GetEnvironmentVariable("AUTODIFFGEN_FUZZ_LOOP_PERCENT"), out int percent) && percent is >= 0 and <= 100 ? percent : 22;

    /// <summary>The carried tensor after each loop, once the loop is written.</summary>
    private readonly List<Val> _carries = new();

    /// <summary>The values the result read itself (of interest: the carried tensors).</summary>
    private readonly HashSet<string> _carriesRead = new();

    private bool _inLoop;

    /// <summary>The texts of the layers a loop's body may read (w.Layer(l)), and whether it read one.</summary>
    private readonly HashSet<string> _layerTexts = new();

    private bool _layerRead;

    private enum UpdateKind { Residual, Gate, Squash }

    /// <summary>One assignment of the carried tensor in the body: its form, and a bound of its result given the carried tensor's.</summary>
    private sealed record Update(UpdateKind Kind, int Variant, int Scale, double Keep, double Add);

    /// <summary>
    /// for (int l = 0; l &lt; count; l++) { locals; x = …; } over a tensor at hand (or a new local): the count a literal,
    /// a new symbol L of a stack made for the loop ([L, C, C], [L, C], …) or a small axis at hand; the body reads layer
    /// l of the stacks at hand (w.Layer(l)), anything else from before the loop, the counter as a scalar, and gives
    /// back the carried tensor in its shape: a residual x + tanh(…)·scale, a gate x ⊙ σ(…) or a squashing tanh, sin,
    /// LayerNorm or Softmax of something reading x. Its magnitude stays bounded over the iterations.
    /// </summary>
    private void Loop()
    {
        var candidates = _s.Pool.Where(v => !v.IsScalar && v.Bound <= Limit).ToList();
        Val carry;
        if (candidates.Count > 0 && !_c.Chance(25)) carry = _c.Pick(candidates);
        else
        {
            var init = Tame(GenTensor(ResultShape(), 1 + _c.Next(2)), 3);
            string id = Names.Escape(NewName());
            _s.Statements.Add($"{(_c.Chance(25) ? $"{TensorType}<{T}>" : "var")} {id} = {init.Text};");
            carry = init with { Text = id, Fresh = false };
            _s.Pool.Add(carry);
        }
        var shape = carry.Shape;

        // The trip count.
        var axes = _s.Params.Where(p => p.Kind is ParamKind.Tensor or ParamKind.Index)
            .SelectMany(p => p.Shape.Select((d, i) => (p, d, i)))
            .Where(t => t.d.Size <= 3 && _s.Symbols.ContainsKey(t.d.Text)).ToList();
        int countKind = _c.Next(10);
        Dim count;
        string? countText = null;
        bool newSymbol = false;
        if (countKind == 9 && axes.Count > 0)
        {
            var (p, d, i) = _c.Pick(axes);
            count = d;
            countText = $"{p.Id}.Lengths[{i}]";
        }
        else if (countKind >= 4)
        {
            count = NewSymbol(1 + _c.Next(3));
            newSymbol = true;
        }
        else
        {
            int k = 1 + _c.Next(3);
            count = new Dim(k.ToString(CultureInfo.InvariantCulture), k);
            countText = count.Text;
        }

        // Stacks made for the loop, their first axis the count: a new symbol is bound by one of them.
        var made = new List<Val>();
        int stacks = newSymbol ? 1 + _c.Next(2) : _c.Next(3);
        for (int i = 0; i < stacks; i++)
            foreach (var layer in LayerShapes(shape))
                made.Add(NewTensorParam([count, .. layer]));
        if (newSymbol) countText = $"{_c.Pick(made).Text}.Lengths[0]";
        if (made.Count > 0 && _c.Chance(20))
        {
            // A stack computed before the loop, a local.
            var source = _c.Pick(made);
            var value = Tame(GenTensor(source.Shape, 1 + _c.Next(2)), Limit);
            string id = Names.Escape(NewName());
            _s.Statements.Add($"var {id} = {value.Text};");
            _s.Pool.Add(value with { Text = id, Fresh = false });
        }
        int mark = _s.Statements.Count;
        var before = _s.Pool.ToList();

        string counterName = !_s.Names.Contains("l") && !_helperNames.Contains("l") && _c.Chance(50) ? "l" : NewName();
        _s.Names.Add(counterName);
        _allNames.Add(counterName);
        string counter = Names.Escape(counterName);

        // Every tensor at hand whose first axis is the count is a stack the body may read layer l of.
        var layers = _s.Pool.Where(v => !v.IsScalar && v.Rank >= 2 && v.Shape[0].Text == count.Text && v.Text != carry.Text)
            .Select(v => new Val(Call("Layer", "x", v.Text, ("index", counter)), v.Shape[1..], false, v.Bound, v.Low, v.Smooth, false))
            .ToList();

        // The assignments of the carried tensor, and a bound of it over every iteration.
        int updates = _c.Chance(12) ? 2 : 1;
        var plan = new List<Update>();
        for (int i = 0; i < updates; i++) plan.Add(PlanUpdate(shape, count));
        double bound = carry.Bound, max = carry.Bound;
        for (int iteration = 0; iteration < count.Size; iteration++)
            foreach (var u in plan)
            {
                bound = u.Keep * bound + u.Add;
                max = Math.Max(max, bound);
            }

        var inside = carry with { Bound = max, Low = 0, Smooth = carry.Smooth && count.Size == 1 && updates == 1, Fresh = false };
        _s.Pool[_s.Pool.FindIndex(v => ReferenceEquals(v, carry))] = inside;
        var counterValue = new Val(counter, [], true, Math.Max(count.Size - 1, 1), 0, true, false);
        _s.Pool.AddRange(layers);
        _s.Pool.Add(counterValue);
        _inLoop = true;
        _layerTexts.Clear();
        _layerTexts.UnionWith(layers.Select(v => v.Text));
        _layerRead = false;

        int locals = _c.Chance(45) ? (_c.Chance(30) ? 2 : 1) : 0;
        for (int i = 0; i < locals; i++) Local();
        bool smooth = carry.Smooth;
        for (int i = 0; i < plan.Count; i++)
        {
            var next = GenUpdate(inside, plan[i], layers, counterValue, 1 + _c.Next(2));
            // Most loops over stacks read a layer: when the body did not, its last update is gated by one.
            if (i == plan.Count - 1 && !_layerRead && layers.Count > 0 && !_c.Chance(15)) next = LayerGate(next, inside, layers);
            smooth &= next.Smooth;
            _s.Statements.Add($"{carry.Text} = {next.Text};");
        }
        _inLoop = false;
        _layerTexts.Clear();

        var body = _s.Statements.Skip(mark).ToList();
        _s.Statements.RemoveRange(mark, body.Count);
        string step = _c.Next(8) switch { 0 => "++" + counter, 1 => counter + " += 1", _ => counter + "++" };
        string declared = _c.Chance(10) ? "var" : "int";
        string header = $"for ({declared} {counter} = 0; {counter} < {countText}; {step})";
        _s.Statements.Add(body.Count == 1 && _c.Chance(40)
            ? $"{header}\n            {body[0]}"
            : $"{header}\n        {{\n{string.Concat(body.Select(b => $"            {b}\n"))}        }}");

        // After the loop: what was at hand before it, the carried tensor's new value, and parameters made inside.
        var after = carry with { Bound = max, Low = 0, Smooth = smooth, Fresh = false };
        var parameters = _s.Params.Select(p => p.Id).ToHashSet();
        var pool = before.Select(v => ReferenceEquals(v, carry) ? after : v).ToList();
        pool.AddRange(_s.Pool.Where(v => parameters.Contains(v.Text) && !before.Any(b => ReferenceEquals(b, v))));
        _s.Pool.Clear();
        _s.Pool.AddRange(pool);
        _carries.Add(after);
    }

    /// <summary>The per-layer shapes of a stack for a loop carrying <paramref name="shape"/>: usually one, two for a pair of MLP weights.</summary>
    private IEnumerable<Dim[]> LayerShapes(Dim[] shape)
    {
        var c = shape[^1];
        switch (_c.Next(9))
        {
            case 0:
            case 1:
            case 2: return [[c, c]];
            case 3:
            case 4: return [BroadcastSource(shape)];
            case 5: return [shape];
            case 6: return _c.Chance(50) ? [[shape[0], shape[0]]] : [[.. shape[..^1], NewDim(minTwo: false)]];
            case 7:
            {
                var k = NewDim(minTwo: false);
                return [[c, k], [k, c]];
            }
            default: return shape.Length >= 3 ? [[.. shape[..^2], c, c]] : [[c, c]];
        }
    }

    private Update PlanUpdate(Dim[] shape, Dim count)
    {
        int kind = _c.Next(10);
        if (kind <= 4)
        {
            int variant = _c.Next(4);
            int scale = _c.Next(5);
            double squashed = variant == 3 ? 2 : 1;
            double factor = scale switch { 1 => 0.5, 2 => Math.Max(count.Size - 1, 0), _ => 1 };
            return new Update(UpdateKind.Residual, variant, scale, 1, squashed * factor);
        }
        if (kind <= 6) return new Update(UpdateKind.Gate, _c.Next(3), 0, 1, 0);
        int squash = _c.Next(4);
        if (squash == 2 && shape[^1].Size < 2) squash = 0;
        return new Update(UpdateKind.Squash, squash, 0, 0, squash == 2 ? Math.Sqrt(shape[^1].Size) * 3 + 3 : 1);
    }

    /// <summary>A tensor of <paramref name="shape"/>: a layer at hand of that shape, or a tame new value.</summary>
    private Val LayerOr(Dim[] shape, IReadOnlyList<Val> layers, int depth)
    {
        string key = Shapes.Key(shape);
        var matching = layers.Where(v => v.Key == key).ToList();
        if (matching.Count > 0 && !_c.Chance(35))
        {
            _layerRead = true;
            return Tame(_c.Pick(matching), 3);
        }
        return Tame(GenTensor(shape, depth - 1), 3);
    }

    /// <summary>
    /// <paramref name="next"/> (of x's shape) times a factor in (-1, 1) made from a layer: σ of the layer when it
    /// broadcasts to x, of tanh(x)·layer (its mean over the last axis when that is not x's) when it multiplies into
    /// x, else tanh of the layer's mean.
    /// </summary>
    private Val LayerGate(Val next, Val x, IReadOnlyList<Val> layers)
    {
        var layer = _c.Pick(layers);
        var shape = x.Shape;
        var c = shape[^1];
        _layerRead = true;
        bool broadcasts = layer.Rank <= shape.Length
            && layer.Shape.Select((d, i) => d.IsOne || d.Text == shape[shape.Length - layer.Rank + i].Text).All(b => b);
        string? term = null;
        if (broadcasts) term = layer.Text;
        else if (layer.Rank >= 2 && layer.Shape[^2].Text == c.Text
            && (layer.Rank == 2 || (layer.Rank == shape.Length && Shapes.Key(layer.Shape[..^2]) == Shapes.Key(shape[..^2]))))
        {
            string product = Call("MatMul", "a", Call("Tanh", "x", x.Text), ("b", layer.Text));
            term = layer.Shape[^1].Text == c.Text ? product
                : Call("Mean", "x", product, ("axis", (shape.Length - 1).ToString(CultureInfo.InvariantCulture)), ("keepDims", "true"));
        }
        else if (layer.Rank == 2 && shape.Length <= 2 && layer.Shape[0].Text == shape[0].Text && layer.Shape[1].Text == shape[0].Text)
            term = Call("MatMul", "a", layer.Text, ("b", Call("Tanh", "x", x.Text)));
        string factor = term is not null ? Call("Sigmoid", "x", term) : $"{MathClass}.Tanh({Call("Mean", "x", layer.Text)})";
        return next with { Text = $"({next.Text} * {factor})" };
    }

    /// <summary>A shape that broadcasts to <paramref name="shape"/>, often one a layer at hand has.</summary>
    private Dim[] BroadcastLayerShape(Dim[] shape, IReadOnlyList<Val> layers)
    {
        var fitting = layers.Where(v => v.Rank <= shape.Length && v.Shape.Select((d, i) => (d, i))
            .All(t => t.d.IsOne || t.d.Text == shape[shape.Length - v.Rank + t.i].Text)).ToList();
        if (fitting.Count > 0 && !_c.Chance(40)) return _c.Pick(fitting).Shape;
        return _c.Chance(50) ? BroadcastSource(shape) : shape;
    }

    /// <summary>
    /// A term of the carried tensor's shape, or one broadcasting to it, that mostly reads it (<paramref name="readsX"/>
    /// is true when it surely does).
    /// </summary>
    private Val LoopTerm(Val x, IReadOnlyList<Val> layers, int depth, out bool readsX)
    {
        var shape = x.Shape;
        var c = shape[^1];
        int form = _c.Next(8);
        readsX = form is >= 1 and <= 5;
        switch (form)
        {
            case 1:
            case 2:
            {
                // x·W (+ b): W a square layer, or batched as x for rank 3 and more.
                var xs = Tame(x, 5);
                Dim[] square = shape.Length >= 3 && layers.Any(v => v.Rank == shape.Length && v.Shape[^1].Text == c.Text && v.Shape[^2].Text == c.Text) && _c.Chance(60)
                    ? [.. shape[..^2], c, c] : [c, c];
                var w = LayerOr(square, layers, depth);
                var product = new Val(Call("MatMul", "a", xs.Text, ("b", w.Text)), shape, false, xs.Bound * w.Bound * c.Size, 0, xs.Smooth && w.Smooth, true);
                if (!_c.Chance(50)) return product;
                var b = LayerOr(BroadcastLayerShape(shape, layers), layers, depth);
                return new Val($"({product.Text} + {b.Text})", shape, false, product.Bound + b.Bound, 0, product.Smooth && b.Smooth, true);
            }
            case 3:
            {
                // tanh(x·A)·B, A [C, K] and B [K, C]: an MLP whose weights are layers when a pair is at hand.
                var xs = Tame(x, 5);
                var pairs = layers.Where(a => a.Rank == 2 && a.Shape[0].Text == c.Text
                    && layers.Any(b => b.Rank == 2 && b.Shape[0].Text == a.Shape[1].Text && b.Shape[1].Text == c.Text)).ToList();
                var k = pairs.Count > 0 && !_c.Chance(30) ? _c.Pick(pairs).Shape[1] : NewDim(minTwo: false);
                var a = LayerOr([c, k], layers, depth);
                var b = LayerOr([k, c], layers, depth);
                string hidden = Call("Tanh", "x", Call("MatMul", "a", xs.Text, ("b", a.Text)));
                return new Val(Call("MatMul", "a", hidden, ("b", b.Text)), shape, false, k.Size * b.Bound, 0, xs.Smooth && a.Smooth && b.Smooth, true);
            }
            case 4:
            {
                // W·x, W square over x's first axis.
                var xs = Tame(x, 5);
                if (shape.Length > 2) goto default;
                var w = LayerOr([shape[0], shape[0]], layers, depth);
                return new Val(Call("MatMul", "a", w.Text, ("b", xs.Text)), shape, false, xs.Bound * w.Bound * shape[0].Size, 0, xs.Smooth && w.Smooth, true);
            }
            case 5:
            {
                var other = GenTensor(BroadcastLayerShape(shape, layers), depth - 1);
                return Binary(x, other, shape, inBoxAllowed: other.Key == x.Key);
            }
            case 6: return HelperCall(shape, depth, scalar: false);
            case 7:
            {
                // A step of a sequence [..., K] (x's shape but its last axis), projected to x's last axis: layer·W.
                var steps = layers.Where(v => v.Rank == shape.Length && Shapes.Key(v.Shape[..^1]) == Shapes.Key(shape[..^1])).ToList();
                if (steps.Count == 0) goto default;
                var step = _c.Pick(steps);
                _layerRead = true;
                var w = LayerOr([step.Shape[^1], c], layers, depth);
                return new Val(Call("MatMul", "a", Tame(step, 3).Text, ("b", w.Text)), shape, false, 3 * w.Bound * step.Shape[^1].Size, 0, step.Smooth && w.Smooth, true);
            }
            default:
                readsX = false;
                return GenTensor(BroadcastLayerShape(shape, layers), depth);
        }
    }

    /// <summary>The carried tensor's next value, in its shape, by the planned form.</summary>
    private Val GenUpdate(Val x, Update update, IReadOnlyList<Val> layers, Val counter, int depth)
    {
        var shape = x.Shape;
        switch (update.Kind)
        {
            case UpdateKind.Residual:
            {
                var v = LoopTerm(x, layers, depth, out _);
                var inc = update.Variant switch
                {
                    0 or 1 => new Val(Call("Tanh", "x", v.Text), v.Shape, false, 1, 0, v.Smooth, true),
                    2 => new Val(Call("Sin", "x", v.Text), v.Shape, false, 1, 0, v.Smooth, true),
                    _ => Tame(v, 2),
                };
                switch (update.Scale)
                {
                    case 1: inc = inc with { Text = $"({inc.Text} * {Lit(0.5)})" }; break;
                    case 2: inc = inc with { Text = _c.Chance(50) ? $"({inc.Text} * {counter.Text})" : $"({counter.Text} * {inc.Text})" }; break;
                    case 3:
                    {
                        var s = TameScalar(GenScalar(depth - 1, needTensor: false, scalarOnly: false), 1);
                        inc = inc with { Text = $"({inc.Text} * {s.Text})", Smooth = inc.Smooth && s.Smooth };
                        break;
                    }
                    case 4:
                    {
                        // A gain broadcasting to x, often a layer.
                        var g = Tame(LayerOr(BroadcastLayerShape(shape, layers), layers, 1), 1);
                        inc = inc with { Text = $"({inc.Text} * {g.Text})", Smooth = inc.Smooth && g.Smooth };
                        break;
                    }
                }
                string text = _c.Next(10) switch
                {
                    0 or 1 or 2 => $"({inc.Text} + {x.Text})",
                    3 => $"({x.Text} - {inc.Text})",
                    _ => $"({x.Text} + {inc.Text})",
                };
                return new Val(text, shape, false, x.Bound + update.Add, 0, x.Smooth && inc.Smooth, true);
            }
            case UpdateKind.Gate:
            {
                var v = Tame(LoopTerm(x, layers, depth, out _), 5);
                string op = update.Variant switch { 0 => "Sigmoid", 1 => "Tanh", _ => "Cos" };
                return new Val($"({x.Text} * {Call(op, "x", v.Text)})", shape, false, x.Bound, 0, x.Smooth && v.Smooth, true);
            }
            default:
            {
                // Something reading x, squashed.
                var t = LoopTerm(x, layers, depth, out bool readsX);
                var u = readsX && t.Key == x.Key && _c.Next(3) != 0 ? t : Binary(x, Tame(t, Limit), shape, inBoxAllowed: false);
                u = Tame(u, Limit);
                switch (update.Variant)
                {
                    case 1: return new Val(Call("Sin", "x", u.Text), shape, false, 1, 0, u.Smooth, true);
                    case 2:
                    {
                        var gain = LayerOr([shape[^1]], layers, depth - 1);
                        var bias = LayerOr([shape[^1]], layers, depth - 1);
                        string? epsilon = _c.Pick(new[] { null, "1e-5", "1e-3", "0.1" });
                        string text = Call("LayerNorm", "x", u.Text, ("gain", gain.Text), ("bias", bias.Text), ("epsilon", epsilon));
                        return new Val(text, shape, false, update.Add, 0, u.Smooth && gain.Smooth && bias.Smooth, true);
                    }
                    case 3:
                    {
                        string axis = _c.Next(shape.Length).ToString(CultureInfo.InvariantCulture);
                        return new Val(Call("Softmax", "x", Tame(u, 10).Text, ("axis", axis)), shape, false, 1, 0, u.Smooth, true);
                    }
                    default: return new Val(Call("Tanh", "x", u.Text), shape, false, 1, 0, u.Smooth, true);
                }
            }
        }
    }

    /// <summary>The result, made to read the carried tensor after its loop.</summary>
    private Val ReadCarried(Val result, Val carried)
    {
        if (!result.IsScalar && result.Key == carried.Key)
            return result with { Text = $"({result.Text} + {Tame(carried, Limit).Text})", Bound = result.Bound + Math.Min(carried.Bound, Limit) };
        string reduced = Call(_c.Next(2) == 0 ? "Mean" : "Sum", "x", Tame(carried, Limit).Text);
        return result with { Text = $"({result.Text} + {reduced})", Bound = result.Bound + Math.Min(carried.Bound, Limit) * Shapes.Count(carried.Shape) };
    }

    // ---------------------------------------------------------------- helpers

    private Val HelperCall(Dim[] shape, int depth, bool scalar)
    {
        var candidates = _helpers.Where(h => h.Rank == shape.Length && h.ReturnsTensor == !scalar).ToList();
        var helper = candidates.Count > 0 && _c.Next(2) == 0 ? _c.Pick(candidates) : NewHelper(shape.Length, !scalar);
        var args = new List<(string Name, string Value, int Index)>();
        bool smooth = true;
        for (int i = 0; i < helper.Params.Count; i++)
        {
            var p = helper.Params[i];
            string value;
            if (p.Kind == ParamKind.Scalar)
            {
                if (p.NoDiff) value = Lit(0.75);
                else
                {
                    var s = TameScalar(GenScalar(depth - 1, needTensor: false, scalarOnly: false), 1);
                    smooth &= s.Smooth;
                    value = s.Text;
                }
            }
            else if (p.NoDiff)
            {
                value = NewTensorParam(shape, noDiff: true).Text;
            }
            else
            {
                var t = Tame(GenTensor(shape, depth - 1), 3);
                smooth &= t.Smooth;
                value = t.Text;
            }
            args.Add((p.Id, value, i));
        }
        string rendered;
        switch (_c.Next(4))
        {
            case 0:
                rendered = string.Join(", ", args.Select(a => a.Value));
                break;
            case 1:
            {
                var shuffled = _c.Shuffle(args);
                for (int i = 0; i + 1 < shuffled.Count; i++)
                    if (shuffled[i].Index > shuffled[i + 1].Index) _reordered = true;
                rendered = string.Join(", ", shuffled.Select(a => $"{a.Name}: {a.Value}"));
                break;
            }
            case 2:
                rendered = string.Join(", ", args.Select(a => $"{a.Name}: {a.Value}"));
                break;
            default:
            {
                int prefix = _c.Next(args.Count + 1);
                var tail = _c.Shuffle(args.Skip(prefix));
                for (int i = 0; i + 1 < tail.Count; i++)
                    if (tail[i].Index > tail[i + 1].Index) _reordered = true;
                rendered = string.Join(", ", args.Take(prefix).Select(a => a.Value).Concat(tail.Select(a => $"{a.Name}: {a.Value}")));
                break;
            }
        }
        // Helpers see inputs of magnitude at most 3 and keep their own results tame.
        return new Val($"{Names.Escape(helper.Name)}({rendered})", shape, scalar, scalar ? Limit * 10 : Limit, 0, false, false);
    }

    private Helper NewHelper(int rank, bool returnsTensor)
    {
        // A helper's name is not any value's name, or a parameter would hide it where it is called.
        string name = PickName(HelperNames, new HashSet<string>(_members.Concat(_allNames)));
        _members.Add(name);
        _helperNames.Add(name);
        var outer = _s;
        bool outerReordered = _reordered;
        _s = new Scope(true);
        var shape = new Dim[rank];
        for (int i = 0; i < rank; i++) shape[i] = NewSymbol();
        int tensors = 1 + _c.Next(3);
        for (int i = 0; i < tensors; i++) NewTensorParam(shape, noDiff: false);
        if (_c.Chance(20)) NewTensorParam(shape, noDiff: true);
        if (_c.Chance(30)) NewScalarParam(noDiff: false);
        if (_c.Chance(10)) NewScalarParam(noDiff: true);
        var parameters = _c.Chance(50) ? _c.Shuffle(_s.Params) : _s.Params.ToList();
        // Keep the helper's own result tame whatever it computes.
        string body;
        if (returnsTensor)
        {
            var value = Tame(GenTensor(shape, 1 + _c.Next(2)), Limit);
            body = value.Text;
        }
        else
        {
            var value = Tame(GenTensor(shape, 1 + _c.Next(2)), Limit);
            body = _c.Next(2) == 0 ? Call("Sum", "x", value.Text) : Call("Mean", "x", value.Text);
        }
        string returnType = returnsTensor ? $"Tensor<{T}>" : T;
        var text = new StringBuilder();
        text.AppendLine("    [Differentiable]");
        text.AppendLine($"    public static {returnType} {Names.Escape(name)}({string.Join(", ", parameters.Select(RenderParam))})");
        text.Append($"        => {body};");
        _helperSources.Add(text.ToString());
        var helper = new Helper(name, rank, returnsTensor, parameters);
        _helpers.Add(helper);
        _s = outer;
        _reordered = outerReordered;
        return helper;
    }

    // ---------------------------------------------------------------- scalars

    private Val GenScalar(int depth, bool needTensor, bool scalarOnly)
    {
        if (needTensor)
        {
            var value = TensorToScalar(Math.Max(depth, 1));
            if (_c.Chance(30))
            {
                var other = GenScalar(depth - 1, needTensor: false, scalarOnly: false);
                return ScalarArithmetic(value, other);
            }
            return value;
        }
        if (depth <= 0) return ScalarLeaf(scalarOnly);
        var options = new List<int> { 0, 1, 6, 7, 7, 8 };
        if (!scalarOnly && !_s.IsHelper) options.AddRange([2, 3, 4, 5, 2]);
        if (_s.Pool.Any(v => v.IsScalar)) options.Add(9);
        switch (_c.Pick(options))
        {
            case 0:
            case 1:
            case 8:
            case 9: return ScalarLeaf(scalarOnly);
            case 2:
            case 3:
            case 4:
            case 5: return TensorToScalar(depth);
            case 6: return MathFunction(GenScalar(depth - 1, false, scalarOnly));
            default: return ScalarArithmetic(GenScalar(depth - 1, false, scalarOnly), GenScalar(depth - 1, false, scalarOnly));
        }
    }

    private Val ScalarLeaf(bool scalarOnly)
    {
        int kind = _c.Next(6);
        var scalars = _s.Pool.Where(v => v.IsScalar).ToList();
        switch (kind)
        {
            case 0: return new Val(Lit(_c.Pick(new[] { 0.5, 2, 1.5, 0.25, 3, -1 })), [], true, 3, 0, true, false);
            case 1 when scalars.Count > 0: return _c.Pick(scalars);
            case 2 when !_s.IsHelper:
            {
                var tensors = _s.Params.Where(p => p.Kind is ParamKind.Tensor or ParamKind.Index && p.Shape.Length > 0).ToList();
                if (tensors.Count == 0 || scalarOnly) goto default;
                var p = _c.Pick(tensors);
                if (_c.Next(3) == 0) return new Val($"{p.Id}.FlattenedLength", [], true, p.Count, 1, true, false);
                int axis = _c.Next(p.Shape.Length);
                return new Val($"{p.Id}.Lengths[{axis}]", [], true, p.Shape[axis].Size, 1, true, false);
            }
            case 3 when !_s.IsHelper:
            {
                var p = _s.Params.FirstOrDefault(q => q.Kind == ParamKind.Int) ?? NewIntParam();
                // int parameters are 1, 2 or 3 in a run.
                return new Val(p.Id, [], true, 3, 1, true, false);
            }
            case 4 when !_s.IsHelper:
            {
                var existing = _s.Params.Where(q => q.Kind == ParamKind.Scalar && q.NoDiff).ToList();
                var p = existing.Count > 0 && _c.Next(2) == 0 ? existing[0] : NewScalarParam(noDiff: true);
                return new Val(p.Id, [], true, 1.5, 0.5, true, false);
            }
            default:
            {
                var existing = _s.Params.Where(q => q.Kind == ParamKind.Scalar && !q.NoDiff).ToList();
                if (_s.IsHelper)
                    return existing.Count > 0 ? new Val(existing[0].Id, [], true, 1, 0, true, false) : new Val(Lit(2), [], true, 2, 2, true, false);
                var p = existing.Count > 0 && _c.Next(2) == 0 ? _c.Pick(existing) : NewScalarParam(noDiff: false);
                return new Val(p.Id, [], true, 1, 0, true, false);
            }
        }
    }

    private Val TensorToScalar(int depth)
    {
        int kind = _s.IsHelper ? 0 : _c.Next(8);
        switch (kind)
        {
            case 1:
            {
                var n = NewDim(minTwo: false);
                var a = Tame(GenTensor([n], depth - 1), 5);
                var b = Tame(GenTensor([n], depth - 1), 5);
                return new Val(Call("Dot", "a", a.Text, ("b", b.Text)), [], true, a.Bound * b.Bound * n.Size, 0, a.Smooth && b.Smooth, false);
            }
            case 2:
            {
                var shape = RandomShape();
                var a = Tame(GenTensor(shape, depth - 1), 5);
                var b = Tame(GenTensor(shape, depth - 1), 5);
                return new Val(Call("Mse", "a", a.Text, ("b", b.Text)), [], true, (a.Bound + b.Bound) * (a.Bound + b.Bound), 0, a.Smooth && b.Smooth, false);
            }
            case 3:
            {
                var rows = NewDim(minTwo: false);
                var classes = NewDim(minTwo: false);
                var logits = Tame(GenTensor([rows, classes], depth - 1), 10);
                var targets = IndexParam([rows], classes);
                return new Val(Call("CrossEntropy", "logits", logits.Text, ("targets", targets.Id)), [], true, 2 * logits.Bound + Math.Log(classes.Size), 0, logits.Smooth, false);
            }
            case 4:
            {
                var shape = RandomShape();
                var x = Tame(GenTensor(shape, depth - 1), Limit);
                string name = _c.Next(2) == 0 ? "Sum" : "Average";
                double bound = name == "Sum" ? x.Bound * Shapes.Count(shape) : x.Bound;
                return new Val($"{InBox}.{name}<{T}>({x.Text})", [], true, bound, 0, x.Smooth, false);
            }
            case 5 when !_s.IsHelper:
                return HelperCall(RandomShape() is var s && s.Length <= 3 ? s : s[..3], depth, scalar: true);
            default:
            {
                var shape = _s.IsHelper ? _s.Pool.First(v => !v.IsScalar).Shape : RandomShape();
                var x = Tame(GenTensor(shape, depth - 1), Limit);
                bool mean = _c.Next(2) == 0;
                double bound = mean ? x.Bound : x.Bound * Shapes.Count(shape);
                return new Val(Call(mean ? "Mean" : "Sum", "x", x.Text), [], true, bound, 0, x.Smooth, false);
            }
        }
    }

    private Val MathFunction(Val s)
    {
        string m = MathClass;
        switch (_c.Next(8))
        {
            case 0: return new Val($"{m}.Tanh({s.Text})", [], true, 1, 0, s.Smooth, false);
            case 1:
            {
                var t = TameScalar(s, 3);
                return new Val($"{m}.Exp({t.Text})", [], true, Math.Exp(t.Bound), Math.Exp(-t.Bound), t.Smooth, false);
            }
            case 2: return new Val($"{m}.Sin({s.Text})", [], true, 1, 0, s.Smooth, false);
            case 3: return new Val($"{m}.Cos({s.Text})", [], true, 1, 0, s.Smooth, false);
            case 4:
            {
                var p = PositiveScalar(s);
                return new Val($"{m}.Log({p.Text})", [], true, Math.Max(Math.Abs(Math.Log(p.Low)), Math.Log(p.Bound)), 0, p.Smooth, false);
            }
            case 5:
            {
                var p = PositiveScalar(s);
                return new Val($"{m}.Sqrt({p.Text})", [], true, Math.Sqrt(p.Bound), Math.Sqrt(p.Low), p.Smooth, false);
            }
            case 6: return new Val($"{m}.Abs({s.Text})", [], true, s.Bound, 0, false, false);
            default:
            {
                if (_c.Next(2) == 0)
                {
                    var t = TameScalar(s, 3);
                    return new Val($"{m}.Pow({t.Text}, 2)", [], true, t.Bound * t.Bound, 0, t.Smooth, false);
                }
                var p = PositiveScalar(s);
                return new Val($"{m}.Pow({p.Text}, {Lit(0.5)})", [], true, Math.Sqrt(p.Bound), Math.Sqrt(p.Low), p.Smooth, false);
            }
        }
    }

    private Val ScalarArithmetic(Val a, Val b)
    {
        a = TameScalar(a, Limit * 10);
        b = TameScalar(b, Limit * 10);
        switch (_c.Next(5))
        {
            case 0: return new Val($"({a.Text} + {b.Text})", [], true, a.Bound + b.Bound, a.Low > 0 && b.Low > 0 ? a.Low + b.Low : 0, a.Smooth && b.Smooth, false);
            case 1: return new Val($"({a.Text} - {b.Text})", [], true, a.Bound + b.Bound, 0, a.Smooth && b.Smooth, false);
            case 2:
            {
                a = TameScalar(a, Limit);
                b = TameScalar(b, Limit);
                return new Val($"({a.Text} * {b.Text})", [], true, a.Bound * b.Bound, a.Low > 0 && b.Low > 0 ? a.Low * b.Low : 0, a.Smooth && b.Smooth, false);
            }
            case 3: return new Val($"(-{a.Text})", [], true, a.Bound, 0, a.Smooth, false);
            default:
            {
                var p = PositiveScalar(b);
                return new Val($"({a.Text} / {p.Text})", [], true, a.Bound / p.Low, 0, a.Smooth && p.Smooth, false);
            }
        }
    }
}
