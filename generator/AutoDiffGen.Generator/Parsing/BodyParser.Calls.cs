using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Parsing;

internal sealed partial class BodyParser
{
    private int Invocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var container = method.ContainingType;

        if (TypeFacts.IsTensorMath(container) && CallTable.TensorMath.TryGetValue(method.Name, out var op))
            return Call(invocation, op.Kind, op.Form, inBox: false);
        if (TypeFacts.IsInBoxTensor(container) && CallTable.InBoxTensor.TryGetValue(method.Name, out op))
            return Call(invocation, op.Kind, op.Form, inBox: true);
        if (TypeFacts.IsMath(container) && CallTable.Math.TryGetValue(method.Name, out op))
            return Call(invocation, op.Kind, op.Form, inBox: false);
        if (TypeFacts.HasAttribute(method, TypeFacts.DifferentiableAttribute))
            return Inline(invocation, method);

        string reason = TypeFacts.IsTensorMath(container) ? "it has no derivative rule"
            : TypeFacts.IsInBoxTensor(container) ? "use the AutoDiffGen.TensorMath op of the same meaning"
            : TypeFacts.IsMath(container) ? "only Exp, Log, Tanh, Sqrt, Abs, Sin, Cos and Pow of Math and MathF are differentiable"
            : "a differentiable method may call TensorMath ops, Math/MathF functions and other [Differentiable] methods";
        Report(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, $"{container?.Name}.{method.Name}", reason);
        return Invalid();
    }

    private int Call(IInvocationOperation invocation, OpKind kind, CallForm form, bool inBox)
    {
        // A receiver, if any, then the arguments in parameter order (defaults included).
        var operands = new List<IOperation>();
        if (invocation.Instance is not null) operands.Add(invocation.Instance);
        operands.AddRange(invocation.Arguments.Select(a => a.Value));

        var element = ElementOf(invocation.Type);
        bool isTensor = TypeFacts.IsTensor(invocation.Type);
        var attributes = inBox && form == CallForm.Binary ? new OpAttributes { InBoxOperator = true } : OpAttributes.None;
        switch (form)
        {
            case CallForm.Unary:
                return Add(kind, element, isTensor, invocation, attributes, new[] { Expression(operands[0]) }, Displays.Of(operands[0]));

            case CallForm.Binary:
            case CallForm.Power:
            case CallForm.Linear:
                int left = Expression(operands[0]);
                int right = Expression(operands[1]);
                return Add(kind, element, isTensor, invocation, attributes, new[] { left, right }, Displays.Of(operands[0]), Displays.Of(operands[1]));

            default: // Reduction or Average
                bool average = form == CallForm.Average;
                int input = Expression(operands[0]);
                if (operands.Count == 1)
                    return Reduce(average, element, isTensor, invocation, attributes, input, Displays.Of(operands[0]));
                if (operands[1].ConstantValue.Value is not int axis)
                {
                    Report(DiagnosticDescriptors.NonConstantArgument, operands[1].Syntax, "axis", invocation.TargetMethod.Name);
                    return Invalid();
                }
                bool keepDims = false;
                if (operands.Count > 2)
                {
                    if (operands[2].ConstantValue.Value is not bool keep)
                    {
                        Report(DiagnosticDescriptors.NonConstantArgument, operands[2].Syntax, "keepDims", invocation.TargetMethod.Name);
                        return Invalid();
                    }
                    keepDims = keep;
                }
                return Reduce(average, element, isTensor, invocation, attributes with { Axis = axis, KeepDims = keepDims },
                    input, Displays.Of(operands[0]));
        }
    }

    /// <summary>A sum; a mean is the sum divided by the count it ran over, so one rule serves both.</summary>
    private int Reduce(bool average, ElementType element, bool isTensor, IOperation at, OpAttributes attributes, int input, string display)
    {
        int sum = Add(OpKind.Sum, element, isTensor, at, attributes, new[] { input }, display);
        if (!average) return sum;
        var query = attributes.Axis is null
            ? new OpAttributes { Query = ShapeQueryKind.FlattenedLength }
            : new OpAttributes { Query = ShapeQueryKind.Length, Axis = attributes.Axis };
        int count = ConvertTo(Add(OpKind.ShapeQuery, ElementType.NativeInt, false, at, query, new[] { input }, display), element, at);
        _nodes[count] = _nodes[count] with { Name = "count" };
        int mean = Add(OpKind.Divide, element, isTensor, at, OpAttributes.None, new[] { sum, count }, display, "count");
        _nodes[mean] = _nodes[mean] with { Name = "mean" };
        return mean;
    }

    /// <summary>
    /// A call to another differentiable method is inlined: its body is parsed in a scope where its parameters
    /// are the caller's argument values, so fusion and activity analysis see through it.
    /// </summary>
    private int Inline(IInvocationOperation invocation, IMethodSymbol callee)
    {
        if (_inlining.Contains(callee, SymbolEqualityComparer.Default))
        {
            string cycle = string.Join(" → ", _inlining.SkipWhile(m => !SymbolEqualityComparer.Default.Equals(m, callee)).Select(m => m.Name).Concat(new[] { callee.Name }));
            Report(DiagnosticDescriptors.RecursiveCall, invocation.Syntax, callee.Name, _inlining.Last().Name, cycle);
            return Invalid();
        }
        var declaration = callee.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(_cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (declaration is null || (declaration.Body is null && declaration.ExpressionBody is null))
        {
            Report(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, $"{callee.ContainingType.Name}.{callee.Name}",
                "its source is not part of this compilation, so it cannot be inlined");
            return Invalid();
        }

        var arguments = invocation.Arguments.Select(a => Expression(a.Value)).ToArray();
        var body = _compilation.GetSemanticModel(declaration.SyntaxTree).GetOperation(declaration, _cancellationToken);
        if (body is null) return Invalid(invocation, $"'{callee.Name}' has no body to inline");

        var calleeDiagnostics = new List<DiagnosticInfo>();
        var inner = new BodyParser(_compilation, _spans, _nodes, calleeDiagnostics, _inlining, _cancellationToken);
        for (int i = 0; i < callee.Parameters.Length; i++) inner._variables[callee.Parameters[i]] = arguments[i];

        _inlining.Add(callee);
        int result = inner.ParseBody(body, callee);
        _inlining.RemoveAt(_inlining.Count - 1);

        // A recursion found deeper down is reported here, at this method's own call, with the cycle it found.
        var recursion = calleeDiagnostics.FirstOrDefault(d => d.Id == DiagnosticDescriptors.RecursiveCall.Id);
        if (recursion is not null)
        {
            Report(DiagnosticDescriptors.RecursiveCall, invocation.Syntax, callee.Name, _inlining.Last().Name, recursion.Arguments[2]);
            return Invalid();
        }
        if (calleeDiagnostics.Any(d => d.IsError))
        {
            Report(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, $"{callee.ContainingType.Name}.{callee.Name}",
                "it cannot be inlined until its own errors are fixed");
            return Invalid();
        }
        return result;
    }
}
