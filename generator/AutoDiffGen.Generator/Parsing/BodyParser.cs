using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>
/// Turns a method body's operations into SSA nodes: declarations and assignments bind names to values, a
/// compound assignment makes a new value (after checking nothing else still holds the old tensor), and the
/// single return gives the result. Everything else is reported, by name, as unsupported.
/// </summary>
internal sealed partial class BodyParser
{
    private readonly Compilation _compilation;
    private readonly SpanTable _spans;
    private readonly List<IrNode> _nodes;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly List<IMethodSymbol> _inlining;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<ISymbol, int> _variables = new(SymbolEqualityComparer.Default);

    // Inside an inlined call, every node points at the call: a shape error there comes from the caller's arguments.
    private int? _callSite;
    private readonly HashSet<int> _named = new();
    private int? _result;

    private BodyParser(Compilation compilation, SpanTable spans, List<IrNode> nodes, List<DiagnosticInfo> diagnostics,
        List<IMethodSymbol> inlining, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _spans = spans;
        _nodes = nodes;
        _diagnostics = diagnostics;
        _inlining = inlining;
        _cancellationToken = cancellationToken;
        _inBoxBroadcastsWrongly = TypeFacts.InBoxBroadcastsWrongly(compilation);
    }

    // Only where the referenced System.Numerics.Tensors has the bug is an in-box operator marked for ADG0205.
    private readonly bool _inBoxBroadcastsWrongly;

    /// <summary>Parses the body of <paramref name="method"/>, whose parameters are already nodes 0..n-1; returns the result's ID.</summary>
    public static int Parse(Compilation compilation, IMethodSymbol method, IOperation body, SpanTable spans, List<IrNode> nodes,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var parser = new BodyParser(compilation, spans, nodes, diagnostics,
            new List<IMethodSymbol> { method }, cancellationToken);
        for (int i = 0; i < method.Parameters.Length; i++) parser._variables[method.Parameters[i]] = i;
        return parser.ParseBody(body, method);
    }

    private int ParseBody(IOperation body, IMethodSymbol method)
    {
        int reported = _diagnostics.Count;
        foreach (var statement in Statements(body)) Statement(statement);
        if (_result is int result) return result;
        // A body that failed to parse has said why already; one that parsed but never returns is reported once.
        if (_diagnostics.Count == reported)
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStatement.Id, 0, "A body that never returns a value"));
        return Invalid();
    }

    private static IEnumerable<IOperation> Statements(IOperation body) => body switch
    {
        IMethodBodyOperation { BlockBody: { } block } => new[] { block },
        IMethodBodyOperation { ExpressionBody: { } expression } => new[] { expression },
        _ => new[] { body },
    };

    private void Statement(IOperation statement)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (_result is not null) return; // unreachable code after the return; the compiler already warns

        switch (statement)
        {
            case IBlockOperation block:
                foreach (var inner in block.Operations) Statement(inner);
                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var initializer = declarator.Initializer ?? declaration.Initializer;
                        if (initializer is not null && IsChunk(initializer.Value))
                        {
                            if (Chunk((IInvocationOperation)initializer.Value) is { } chunked) _chunkGroups[declarator.Symbol] = chunked;
                        }
                        else if (initializer is not null) Bind(declarator.Symbol, Expression(initializer.Value));
                    }
                }
                break;
            case IExpressionStatementOperation { Operation: var expression }:
                ExpressionStatement(statement, expression);
                break;
            case IReturnOperation { ReturnedValue: { } value }:
                _result = Expression(value);
                break;
            case IEmptyOperation:
                break;
            case ILoopOperation loop:
                Loop(loop);
                break;
            default:
                Report(DiagnosticDescriptors.UnsupportedStatement, statement.Syntax, StatementName(statement));
                break;
        }
    }

    private void ExpressionStatement(IOperation statement, IOperation expression)
    {
        switch (expression)
        {
            case IDeconstructionAssignmentOperation deconstruction when IsChunk(deconstruction.Value):
                DeconstructChunk(deconstruction);
                break;
            case ISimpleAssignmentOperation { Target: var target, Value: var value } when VariableOf(target) is { } symbol:
                Bind(symbol, Expression(value));
                break;
            case ICompoundAssignmentOperation compound when VariableOf(compound.Target) is { } symbol:
                CompoundAssignment(compound, symbol);
                break;
            case IIncrementOrDecrementOperation increment when VariableOf(increment.Target) is { } symbol && !TypeFacts.IsTensor(increment.Type):
                int one = Constant(increment, ElementOf(increment.Type), 1);
                var kind = increment.Kind == OperationKind.Increment ? OpKind.Add : OpKind.Subtract;
                Bind(symbol, Add(kind, ElementOf(increment.Type), false, increment, OpAttributes.None, new[] { _variables[symbol], one }));
                break;
            default:
                Report(DiagnosticDescriptors.UnsupportedStatement, statement.Syntax, $"The statement '{Displays.Of(statement.Syntax)}'");
                break;
        }
    }

    /// <summary>
    /// <c>t op= e</c>. On tensors AutoDiffGen's operator writes into <c>t</c>'s storage, so the new value is a new
    /// SSA node only if nothing else still refers to the old tensor; otherwise the eager method and the generated
    /// code would disagree.
    /// </summary>
    private void CompoundAssignment(ICompoundAssignmentOperation compound, ISymbol symbol)
    {
        var kind = BinaryKind(compound.OperatorKind);
        if (kind is null)
        {
            Report(DiagnosticDescriptors.UnsupportedExpression, compound.Syntax, Displays.Of(compound.Syntax),
                $"the '{OperatorToken(compound.Syntax)}' operator has no derivative; only += -= *= /= are differentiable");
            return;
        }

        int current = Variable(symbol, compound.Target);
        bool isTensor = TypeFacts.IsTensor(compound.Target.Type);
        if (isTensor)
        {
            string op = OperatorText(kind.Value);
            string? alias = _variables.Where(v => v.Value == current && !SymbolEqualityComparer.Default.Equals(v.Key, symbol)).Select(v => v.Key.Name).FirstOrDefault();
            // In a loop's body, a parameter is what enters the iteration: a layer is a copy, the rest outlive it.
            var entering = _loop?.Inputs.Where(i => i.Node == current).Select(i => (Ir.LoopInputKind?)i.Kind).FirstOrDefault();
            if (entering == Ir.LoopInputKind.Carried)
            {
                Report(DiagnosticDescriptors.OverwrittenValue, compound.Syntax, Displays.Of(compound.Syntax),
                    $"the tensor '{symbol.Name}' carried into the loop", "the tensor it held before the loop would change too", symbol.Name, op);
            }
            else if (entering == Ir.LoopInputKind.Shared)
            {
                Report(DiagnosticDescriptors.OverwrittenValue, compound.Syntax, Displays.Of(compound.Syntax),
                    $"the tensor '{_nodes[current].Name}' from before the loop", "the next iteration would read it changed", symbol.Name, op);
            }
            else if (_nodes[current].Kind == OpKind.Parameter && entering is null)
            {
                Report(DiagnosticDescriptors.OverwrittenValue, compound.Syntax, Displays.Of(compound.Syntax),
                    $"the caller's tensor '{_nodes[current].Name}'", "the caller would see the change while the gradient describes the original", symbol.Name, op);
            }
            else if (alias is not null)
            {
                Report(DiagnosticDescriptors.OverwrittenValue, compound.Syntax, Displays.Of(compound.Syntax),
                    $"the tensor '{symbol.Name}' shares with '{alias}'", $"'{alias}' would change too", symbol.Name, op);
            }
        }

        int value = Expression(compound.Value);
        var element = ElementOf(compound.Target.Type);
        if (!isTensor && !_nodes[value].IsTensor && _nodes[value].Element != element)
        {
            // Scalar compound assignment computes in the wider type and converts back, as C# does.
            var wide = Wider(element, _nodes[value].Element);
            int left = ConvertTo(current, wide, compound);
            int right = ConvertTo(value, wide, compound);
            int sum = Add(kind.Value, wide, false, compound, OpAttributes.None, new[] { left, right });
            Bind(symbol, ConvertTo(sum, element, compound));
            return;
        }

        var attributes = new OpAttributes { InPlace = isTensor, InBox = IsInBox(compound.OperatorMethod) ? "operator" : string.Empty };
        if (isTensor && !IsSupportedOperator(compound.OperatorMethod))
        {
            Report(DiagnosticDescriptors.UnsupportedCall, compound.Syntax, compound.OperatorMethod?.ToDisplayString() ?? Displays.Of(compound.Syntax),
                "only AutoDiffGen's tensor operators are differentiable");
        }
        int result = Add(kind.Value, element, isTensor, compound, attributes, new[] { current, value },
            Displays.Of(compound.Target), Displays.Of(compound.Value));
        Bind(symbol, result);
    }

    /// <summary>Binds a variable; the value takes the variable's name unless a variable named it already.</summary>
    private void Bind(ISymbol symbol, int value)
    {
        _variables[symbol] = value;
        var node = _nodes[value];
        if (_named.Add(value) && node.Kind is not (OpKind.Parameter or OpKind.Invalid))
            _nodes[value] = node with { Name = symbol.Name };
    }

    private int Variable(ISymbol symbol, IOperation use)
    {
        if (_variables.TryGetValue(symbol, out int value)) return value;
        if (FromBeforeTheLoop(symbol) is int captured) return captured;
        return Invalid(use, $"'{symbol.Name}' has no value here");
    }

    private static ISymbol? VariableOf(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    private static string StatementName(IOperation statement) => statement.Kind switch
    {
        OperationKind.Conditional => "An 'if' statement",
        OperationKind.Loop => "A loop",
        OperationKind.Switch => "A 'switch' statement",
        OperationKind.Try => "A 'try' statement",
        OperationKind.Using or OperationKind.UsingDeclaration => "A 'using' statement",
        OperationKind.Lock => "A 'lock' statement",
        OperationKind.Throw => "A 'throw' statement",
        OperationKind.LocalFunction => "A local function",
        OperationKind.Return => "A 'return' without a value",
        OperationKind.Labeled or OperationKind.Branch => "A jump",
        _ => $"The statement '{Displays.Of(statement.Syntax)}'",
    };
}
