using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Parsing;

// A loop over layers, for (int l = 0; l < count; l++) { x = … }, is parsed as one Loop node whose body is a method of
// its own: its parameters are the carried tensor, what it reads from before the loop (w.Layer(l) as layer l of a
// stacked w, anything else as it is) and the counter. So the body is differentiated and planned once, whatever the
// trip count.
internal sealed partial class BodyParser
{
    /// <summary>Set while parsing a loop's body: how names from before the loop become the body's parameters.</summary>
    private LoopScope? _loop;

    private sealed class LoopScope
    {
        public LoopScope(BodyParser outer, ILocalSymbol counter, ISymbol carried)
        {
            Outer = outer;
            Counter = counter;
            Carried = carried;
        }

        public BodyParser Outer { get; }

        public ILocalSymbol Counter { get; }

        public ISymbol Carried { get; }

        /// <summary>The body's parameters in order: how each enters, the outer value (-1 for the counter), the body's node.</summary>
        public List<(LoopInputKind Kind, int Outer, int Node, string Name)> Inputs { get; } = new();

        /// <summary>Stacked values read as w.Layer(l), by the outer symbol: the body's node.</summary>
        public Dictionary<ISymbol, int> Layers { get; } = new(SymbolEqualityComparer.Default);
    }

    /// <summary>A <c>for</c> loop, or the report of why it cannot be differentiated as one.</summary>
    private void Loop(ILoopOperation loop)
    {
        if (_loop is not null)
        {
            ReportLoop(loop.Syntax, "A loop inside a loop", "the body of a differentiated loop runs straight through; move the inner loop into a [Differentiable] method of its own, outside this loop, or write its steps out");
            return;
        }
        if (loop is not IForLoopOperation forLoop)
        {
            ReportLoop(loop.Syntax, $"A '{LoopKeyword(loop)}' loop", "only a counting loop is, for (int l = 0; l < count; l++), whose count is a constant or a tensor's length");
            return;
        }
        if (Counter(forLoop) is not (ILocalSymbol counter, IOperation bound)) return;

        var carried = AssignedOutside(forLoop, counter);
        if (carried is null) return;
        if (!_variables.TryGetValue(carried, out int start))
        {
            ReportLoop(forLoop.Syntax, "This loop", $"'{carried.Name}' has no value before it");
            return;
        }
        if (!_nodes[start].IsTensor)
        {
            ReportLoop(forLoop.Syntax, "This loop", $"it carries the scalar '{carried.Name}'; a loop carries one tensor from each iteration to the next");
            return;
        }

        int count = Expression(bound);
        var scope = new LoopScope(this, counter, carried);
        var bodyNodes = new List<IrNode>();
        var inner = new BodyParser(_compilation, _spans, bodyNodes, _diagnostics, _inlining, _cancellationToken)
        {
            _callSite = _callSite,
            _loop = scope,
        };
        inner.Capture(LoopInputKind.Carried, start, carried.Name, carried);

        int reported = _diagnostics.Count;
        inner.Statement(forLoop.Body);
        if (_diagnostics.Skip(reported).Any(d => d.IsError))
        {
            Bind(carried, Invalid());
            return;
        }
        int result = inner._variables[carried];

        // The counter, when the body reads it, is the last parameter: the loop node's operands are the others.
        var inputs = scope.Inputs.Where(i => i.Kind != LoopInputKind.Counter).Concat(scope.Inputs.Where(i => i.Kind == LoopInputKind.Counter)).ToList();
        var parameters = new List<ParameterIr>();
        for (int index = 0; index < inputs.Count; index++)
        {
            var (kind, _, node, name) = inputs[index];
            var parameterNode = bodyNodes[node];
            bodyNodes[node] = parameterNode with { Attributes = new OpAttributes { Index = index } };
            parameters.Add(new ParameterIr(name, index, parameterNode.Element, parameterNode.IsTensor,
                IsDifferentiated: kind != LoopInputKind.Counter && parameterNode.Element.IsFloating(), Shape.Scalar, string.Empty, parameterNode.SpanId));
        }

        var body = new MethodIr(string.Empty, new TypeContext(string.Empty, EquatableArray<ContainingType>.Empty), _inlining[0].Name, "private",
            parameters.ToEquatableArray(), _nodes[start].Element, ReturnsTensor: true, bodyNodes.ToEquatableArray(), result,
            EquatableArray<DiagnosticInfo>.Empty);
        var ir = new LoopIr(body, inputs.Select(i => (int)i.Kind).ToEquatableArray(), counter.Name);
        var operands = inputs.Where(i => i.Kind != LoopInputKind.Counter).Select(i => i.Outer).Concat(new[] { count }).ToArray();
        Bind(carried, Add(OpKind.Loop, _nodes[start].Element, true, forLoop, new OpAttributes { Loop = ir }, operands,
            operands.Select(o => _nodes[o].Name).ToArray()));
    }

    /// <summary>The counter and the bound of <c>for (int l = 0; l &lt; bound; l++)</c>, or null after reporting the form.</summary>
    private (ILocalSymbol Counter, IOperation Bound)? Counter(IForLoopOperation loop)
    {
        const string form = "write it as for (int l = 0; l < count; l++), counting up by one from 0 to a constant or a tensor's length";
        ILocalSymbol? counter = null;
        if (loop.Before.Length == 1 && loop.Before[0] is IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
            && group.Declarations[0] is { Declarators.Length: 1 } declaration
            && declaration.Declarators[0] is var declarator
            && declarator.Symbol.Type.SpecialType == SpecialType.System_Int32
            && (declarator.Initializer ?? declaration.Initializer)?.Value.ConstantValue.Value is 0)
        {
            counter = declarator.Symbol;
        }

        bool Is(IOperation? operation) => Unwrapped(operation) is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, counter);
        bool steps = loop.AtLoopBottom.Length == 1 && loop.AtLoopBottom[0] is IExpressionStatementOperation { Operation: var step }
            && step switch
            {
                IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: var target } => Is(target),
                ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Target: var target, Value.ConstantValue.Value: 1 } => Is(target),
                _ => false,
            };
        if (counter is null || !steps || loop.Condition is not IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan } condition
            || !Is(condition.LeftOperand))
        {
            ReportLoop(loop.Syntax, "This 'for' loop", form);
            return null;
        }
        return (counter, condition.RightOperand);
    }

    /// <summary>
    /// The one variable from before the loop that its body assigns: the tensor it carries. Null after reporting a body
    /// that assigns none, more than one, or the counter, or that leaves the loop early.
    /// </summary>
    private ISymbol? AssignedOutside(IForLoopOperation loop, ILocalSymbol counter)
    {
        var inside = loop.Body.Syntax.Span;
        bool Outside(ISymbol symbol) => symbol is IParameterSymbol
            || symbol.DeclaringSyntaxReferences.All(r => r.SyntaxTree != loop.Syntax.SyntaxTree || !inside.Contains(r.Span));

        var assigned = new List<ISymbol>();
        foreach (var operation in loop.Body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IBranchOperation branch:
                    ReportLoop(branch.Syntax, $"'{Displays.Of(branch.Syntax)}'", "a differentiated loop runs every one of its iterations to the end; its trip count cannot depend on the data");
                    return null;
                case IReturnOperation ret:
                    ReportLoop(ret.Syntax, "A 'return' inside a loop", "a differentiated loop runs every one of its iterations to the end; return after the loop");
                    return null;
            }
            var targets = operation switch
            {
                ISimpleAssignmentOperation simple => new[] { simple.Target },
                ICompoundAssignmentOperation compound => new[] { compound.Target },
                IIncrementOrDecrementOperation increment => new[] { increment.Target },
                IDeconstructionAssignmentOperation { Target: ITupleOperation tuple } => tuple.Elements.ToArray(),
                _ => System.Array.Empty<IOperation>(),
            };
            foreach (var target in targets)
            {
                if (VariableOf(Unwrapped(target)!) is not { } symbol || !Outside(symbol)) continue;
                if (SymbolEqualityComparer.Default.Equals(symbol, counter))
                {
                    ReportLoop(target.Syntax, $"Assigning the counter '{counter.Name}'", "the counter steps by one each iteration and nothing else changes it");
                    return null;
                }
                if (!assigned.Contains(symbol, SymbolEqualityComparer.Default)) assigned.Add(symbol);
            }
        }

        if (assigned.Count == 1) return assigned[0];
        ReportLoop(loop.Syntax, "This loop", assigned.Count == 0
            ? "it assigns nothing declared before it; a loop carries one tensor from each iteration to the next, as in x = x + Block(x, w.Layer(l))"
            : $"it assigns {string.Join(", ", assigned.Select(s => "'" + s.Name + "'"))}, declared before it; a loop carries one tensor from each iteration to the next");
        return null;
    }

    /// <summary>
    /// Inside a loop's body, a name from before the loop: the counter, the carried tensor, or a value the body reads
    /// as it is, each a parameter of the body the first time it is read. Null outside a loop.
    /// </summary>
    private int? FromBeforeTheLoop(ISymbol symbol)
    {
        if (_loop is null) return null;
        if (SymbolEqualityComparer.Default.Equals(symbol, _loop.Counter))
            return Capture(LoopInputKind.Counter, -1, symbol.Name, symbol, ElementType.Int32, isTensor: false);
        if (!_loop.Outer._variables.TryGetValue(symbol, out int outer)) return null;
        var node = _loop.Outer._nodes[outer];
        // A constant is copied in: the body needs no parameter for it.
        if (node.Kind == OpKind.Constant)
        {
            int constant = Add(OpKind.Constant, node.Element, false, null, node.Attributes, System.Array.Empty<int>());
            _variables[symbol] = constant;
            return constant;
        }
        return Capture(LoopInputKind.Shared, outer, symbol.Name, symbol);
    }

    private int Capture(LoopInputKind kind, int outer, string name, ISymbol symbol) =>
        Capture(kind, outer, name, symbol, _loop!.Outer._nodes[outer].Element, _loop.Outer._nodes[outer].IsTensor);

    /// <summary>A new parameter of the body; its index is set once the body is parsed (the counter goes last).</summary>
    private int Capture(LoopInputKind kind, int outer, string name, ISymbol? symbol, ElementType element, bool isTensor)
    {
        int id = _nodes.Count;
        int span = outer >= 0 ? _loop!.Outer._nodes[outer].SpanId : -1;
        _nodes.Add(new IrNode(id, OpKind.Parameter, EquatableArray<int>.Empty, element, isTensor, Shape.Scalar, OpAttributes.None, span,
            name, name, EquatableArray<string>.Empty));
        _loop!.Inputs.Add((kind, outer, id, name));
        if (symbol is not null && kind != LoopInputKind.Layer) _variables[symbol] = id;
        return id;
    }

    /// <summary>
    /// <c>w.Layer(l)</c>: inside a loop, layer l of a stack declared before it (a parameter of the body); outside one,
    /// a constant layer of any tensor.
    /// </summary>
    private int Layer(IInvocationOperation invocation)
    {
        if (CallArguments.InParameterOrder(invocation) is not { Count: 2 } operands) return Invalid(invocation, "an argument matches no parameter");
        var stack = Unwrapped(operands[0]);
        var index = Unwrapped(operands[1]);
        if (_loop is null)
        {
            if (index?.ConstantValue.Value is not int constant)
                return Invalid(invocation, "outside a loop, a layer is a constant; inside for (int l = 0; l < count; l++), w.Layer(l) reads layer l");
            int input = Expression(operands[0]);
            int first = Constant(invocation, ElementType.Int32, constant);
            int one = Constant(invocation, ElementType.Int32, 1);
            var element = ElementOf(invocation.Type);
            int narrow = Add(OpKind.Narrow, element, true, invocation, new OpAttributes { Axis = 0 }, new[] { input, first, one }, Displays.Of(operands[0]));
            return Add(OpKind.Reshape, element, true, invocation, new OpAttributes { Axis = 0, View = ViewForm.Squeeze }, new[] { narrow }, Displays.Of(operands[0]));
        }

        bool atCounter = index is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, _loop.Counter);
        var symbol = stack is null ? null : VariableOf(stack);
        bool stacked = symbol is not null && !SymbolEqualityComparer.Default.Equals(symbol, _loop.Carried)
            && _loop.Outer._variables.ContainsKey(symbol) && !IsAssignedInBody(symbol);
        if (!atCounter || !stacked)
        {
            ReportLoop(invocation.Syntax, $"'{Displays.Of(invocation.Syntax)}'", $"inside the loop, a stack declared before it is read at the counter itself, as w.Layer({_loop.Counter.Name})");
            return Invalid();
        }
        if (_loop.Layers.TryGetValue(symbol!, out int existing)) return existing;
        int outer = _loop.Outer._variables[symbol!];
        int parameter = Capture(LoopInputKind.Layer, outer, symbol!.Name, symbol);
        _loop.Layers[symbol!] = parameter;
        return parameter;
    }

    /// <summary>True when the body has already given <paramref name="symbol"/> a value of its own.</summary>
    private bool IsAssignedInBody(ISymbol symbol)
        => _variables.TryGetValue(symbol, out int value) && !_loop!.Inputs.Any(i => i.Node == value && i.Kind == LoopInputKind.Shared);

    private static IOperation? Unwrapped(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation or IArgumentOperation)
        {
            operation = operation switch
            {
                IConversionOperation conversion => conversion.Operand,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                IArgumentOperation argument => argument.Value,
                _ => operation,
            };
        }
        return operation;
    }

    private static string LoopKeyword(ILoopOperation loop) => loop switch
    {
        IForEachLoopOperation => "foreach",
        IWhileLoopOperation { ConditionIsTop: false } => "do",
        IWhileLoopOperation => "while",
        _ => "for",
    };

    private void ReportLoop(SyntaxNode at, string what, string reason) => Report(DiagnosticDescriptors.UnsupportedLoop, at, what, reason);
}
