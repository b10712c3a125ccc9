using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
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
        if (IsChunk(invocation))
            return Invalid(invocation, "its parts are taken at once, by deconstruction (var (q, k, v) = x.Chunk(3, axis)) or from a variable by constant index (parts[0])");

        if (TypeFacts.IsTensorMath(container) && method.Name == "Layer") return Layer(invocation);
        // Transpose() is the 2-D transpose, which folds into products; Transpose(axis0, axis1) swaps two axes of any rank.
        if (TypeFacts.IsTensorMath(container) && method.Name == "Transpose" && method.Parameters.Length == 3)
            return Call(invocation, OpKind.Permute, CallForm.AxisOrder, inBox: false);
        if (TypeFacts.IsTensorMath(container) && CallTable.TensorMath.TryGetValue(method.Name, out var op))
            return Call(invocation, op.Kind, op.Form, inBox: false);
        if (TypeFacts.IsInBoxTensor(container) && CallTable.InBoxTensor.TryGetValue(method.Name, out op))
            return Call(invocation, op.Kind, op.Form, inBox: true);
        if (TypeFacts.IsMath(container) && CallTable.Math.TryGetValue(method.Name, out op))
            return Call(invocation, op.Kind, op.Form, inBox: false);
        if (TypeFacts.HasAttribute(method, TypeFacts.DifferentiableAttribute))
            return Inline(invocation, method);

        string reason = TypeFacts.IsTensorMath(container) ? "it has no derivative rule"
            : TypeFacts.IsInBoxTensor(container) ? InBoxAlternative(method.Name)
            : TypeFacts.IsMath(container) ? "only Exp, Log, Tanh, Sqrt, Abs, Sin, Cos and Pow of Math and MathF are differentiable"
            : "a differentiable method may call TensorMath ops, Math/MathF functions and other [Differentiable] methods";
        Report(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, $"{container?.Name}.{method.Name}", reason);
        return Invalid();
    }

    /// <summary>What to write instead of a System.Numerics.Tensors static that has no derivative rule.</summary>
    private static string InBoxAlternative(string name) => name switch
    {
        "SoftMax" => "it normalizes over all elements at once; write x.Softmax(axis) for a softmax along an axis",
        "Max" or "MaxNumber" or "MaxMagnitude" => "write x.Max(axis, keepDims) for the largest values along an axis",
        "Reshape" => "write x.Reshape(lengths) or x.Flatten(startAxis)",
        "Transpose" or "PermuteDimensions" => "write x.Transpose() for a 2-D transpose",
        "Squeeze" => "it removes every axis of length 1; write x.Squeeze(axis) for one",
        _ => "only the TensorMath ops, and the in-box statics that mean the same (Exp, Log, Tanh, Sigmoid, Sqrt, Abs, Sin, Cos, Negate, Add, Subtract, Multiply, Divide, Sum, Average), are differentiable",
    };

    private int Call(IInvocationOperation invocation, OpKind kind, CallForm form, bool inBox)
    {
        if (CallArguments.InParameterOrder(invocation) is not { } operands) return Invalid(invocation, "an argument matches no parameter");

        var element = ElementOf(invocation.Type);
        bool isTensor = TypeFacts.IsTensor(invocation.Type);
        var attributes = inBox && _inBoxBroadcastsWrongly && form == CallForm.Binary ? new OpAttributes { InBox = "Tensor." + invocation.TargetMethod.Name } : OpAttributes.None;
        string method = invocation.TargetMethod.Name;
        switch (form)
        {
            case CallForm.Unary:
            {
                // x.Gelu(exact: true) and the like: a constant flag that picks another op of the table.
                if (Ops.UnaryOps.TryGet(kind, out var unary) && unary.Variant is { } variant && operands.Count > 1)
                {
                    if (ConstantBool(operands[1], variant.Parameter, method) is not bool flag) return Invalid();
                    if (flag) kind = variant.Kind;
                }
                return Add(kind, element, isTensor, invocation, attributes, new[] { Expression(operands[0]) }, Displays.Of(operands[0]));
            }

            case CallForm.Binary:
            case CallForm.Power:
            case CallForm.Linear:
            {
                int left = Expression(operands[0]);
                int right = Expression(operands[1]);
                return Add(kind, element, isTensor, invocation, attributes, new[] { left, right }, Displays.Of(operands[0]), Displays.Of(operands[1]));
            }

            case CallForm.Ternary:
                return Add(kind, element, isTensor, invocation, attributes,
                    new[] { Expression(operands[0]), Expression(operands[1]), Expression(operands[2]) },
                    Displays.Of(operands[0]), Displays.Of(operands[1]), Displays.Of(operands[2]));

            case CallForm.MaskedFill:
            {
                int x = Expression(operands[0]);
                int mask = Expression(operands[1]);
                int value = Expression(operands[2]);
                return Add(OpKind.Where, element, isTensor, invocation, new OpAttributes { FillsInto = true }, new[] { mask, value, x },
                    Displays.Of(operands[1]), Displays.Of(operands[2]), Displays.Of(operands[0]));
            }

            case CallForm.AlongAxis:
            {
                int input = Expression(operands[0]);
                if (ConstantInt(operands[1], "axis", method) is not int axis) return Invalid();
                bool? causal = operands.Count > 2 ? ConstantBool(operands[2], "causal", method) : false;
                if (causal is null) return Invalid();
                return Add(kind, element, isTensor, invocation, new OpAttributes { Axis = axis, Causal = causal.Value }, new[] { input }, Displays.Of(operands[0]));
            }

            case CallForm.Flatten:
            {
                int input = Expression(operands[0]);
                int? start = operands.Count > 1 ? ConstantInt(operands[1], "startAxis", method) : 1;
                if (start is null) return Invalid();
                return Add(OpKind.Reshape, element, true, invocation, new OpAttributes { Axis = start }, new[] { input }, Displays.Of(operands[0]));
            }

            case CallForm.Narrow:
            {
                // The start and length stay scalar nodes here; the shape stage reads them as symbolic sizes.
                int input = Expression(operands[0]);
                if (ConstantInt(operands[1], "axis", method) is not int axis) return Invalid();
                return Add(OpKind.Narrow, element, true, invocation, new OpAttributes { Axis = axis },
                    new[] { input, Expression(operands[2]), Expression(operands[3]) }, Displays.Of(operands[0]));
            }

            case CallForm.Concat:
            {
                if (ConstantInt(operands[0], "axis", method) is not int axis) return Invalid();
                var parts = ParamsElements(operands.Skip(1)).ToList();
                return Add(OpKind.Concat, element, true, invocation, new OpAttributes { Axis = axis },
                    parts.Select(Expression).ToArray(), parts.Select(p => Displays.Of(p)).ToArray());
            }

            case CallForm.AxisView:
            {
                int input = Expression(operands[0]);
                if (ConstantInt(operands[1], "axis", method) is not int axis) return Invalid();
                var view = method == "Unsqueeze" ? ViewForm.Unsqueeze : ViewForm.Squeeze;
                // The in-box Unsqueeze counts axes from the front only.
                if (view == ViewForm.Unsqueeze && axis < 0)
                {
                    Report(DiagnosticDescriptors.UnsupportedCall, invocation.Syntax, "Tensor.Unsqueeze",
                        $"System.Numerics.Tensors' Unsqueeze takes an axis counted from the front, 0 to the rank, not {axis}");
                    return Invalid();
                }
                return Add(OpKind.Reshape, element, true, invocation, new OpAttributes { Axis = axis, View = view }, new[] { input }, Displays.Of(operands[0]));
            }


            case CallForm.AxisOrder:
            {
                int input = Expression(operands[0]);
                bool swap = method == "Transpose";
                var axes = new List<int>();
                foreach (var operand in swap ? operands.Skip(1) : ParamsElements(operands.Skip(1)))
                {
                    if (ConstantInt(operand, swap ? (axes.Count == 0 ? "axis0" : "axis1") : "axes", method) is not int axis) return Invalid();
                    axes.Add(axis);
                }
                return Add(OpKind.Permute, element, true, invocation, new OpAttributes { Axes = new EquatableArray<int>(axes), SwapAxes = swap },
                    new[] { input }, Displays.Of(operands[0]));
            }

            case CallForm.Reshape:
            {
                // The lengths stay ordinary scalar nodes here; the shape stage reads them as symbolic sizes.
                var inputs = new List<int> { Expression(operands[0]) };
                inputs.AddRange(ParamsElements(operands.Skip(1)).Select(Expression));
                return Add(OpKind.Reshape, element, true, invocation, OpAttributes.None, inputs.ToArray(), Displays.Of(operands[0]));
            }

            case CallForm.Normalization:
            {
                var inputs = operands.Take(3).Select(Expression).ToArray();
                if (ConstantDouble(operands[3], "epsilon", method) is not double epsilon) return Invalid();
                int correction = 0;
                if (kind == OpKind.BatchNorm && operands.Count > 4)
                {
                    if (ConstantInt(operands[4], "correction", method) is not int given) return Invalid();
                    correction = given;
                }
                return Add(kind, element, true, invocation, new OpAttributes { Epsilon = epsilon, Correction = correction }, inputs,
                    operands.Take(3).Select(o => Displays.Of(o)).ToArray());
            }

            case CallForm.Attention:
            {
                var inputs = operands.Take(3).Select(Expression).ToArray();
                bool? causal = operands.Count > 3 ? ConstantBool(operands[3], "causal", method) : false;
                if (causal is null) return Invalid();
                // The scale is a double?: a given value arrives wrapped in its conversion to Nullable<double>, the default as null.
                double? scale = null;
                var scaleOperand = operands.Count > 4 ? operands[4] : null;
                while (scaleOperand is IConversionOperation conversion) scaleOperand = conversion.Operand;
                if (scaleOperand is not null && !(scaleOperand.ConstantValue.HasValue && scaleOperand.ConstantValue.Value is null)
                    && scaleOperand is not IDefaultValueOperation)
                {
                    if (ConstantDouble(scaleOperand, "scale", method) is not double given) return Invalid();
                    scale = given;
                }
                return Add(kind, element, true, invocation, new OpAttributes { Causal = causal.Value, Scale = scale }, inputs,
                    operands.Take(3).Select(o => Displays.Of(o)).ToArray());
            }

            case CallForm.MeanSquaredError:
            {
                int a = Expression(operands[0]);
                int b = Expression(operands[1]);
                int difference = Add(OpKind.Subtract, element, true, invocation, new OpAttributes { SameShapeFor = method }, new[] { a, b },
                    Displays.Of(operands[0]), Displays.Of(operands[1]));
                int squared = Add(OpKind.Square, element, true, invocation, OpAttributes.None, new[] { difference });
                return Reduce(OpKind.Sum, average: true, element, false, invocation, OpAttributes.None, squared, Displays.Of(operands[0]));
            }

            case CallForm.Variance:
            {
                int input = Expression(operands[0]);
                if (ConstantInt(operands[1], "axis", method) is not int axis) return Invalid();
                bool? keepDims = operands.Count > 2 ? ConstantBool(operands[2], "keepDims", method) : false;
                int? correction = operands.Count > 3 ? ConstantInt(operands[3], "correction", method) : 1;
                if (keepDims is null || correction is null) return Invalid();
                return Variance(element, invocation, input, axis, keepDims.Value, correction.Value, Displays.Of(operands[0]));
            }

            default: // Reduction or Average
            {
                bool average = form == CallForm.Average;
                int input = Expression(operands[0]);
                if (operands.Count == 1)
                    return Reduce(kind, average, element, isTensor, invocation, attributes, input, Displays.Of(operands[0]));
                if (ConstantInt(operands[1], "axis", method) is not int axis) return Invalid();
                bool? keepDims = operands.Count > 2 ? ConstantBool(operands[2], "keepDims", method) : false;
                if (keepDims is null) return Invalid();
                return Reduce(kind, average, element, isTensor, invocation, attributes with { Axis = axis, KeepDims = keepDims.Value },
                    input, Displays.Of(operands[0]));
            }
        }
    }

    /// <summary>A reduction; a mean is the sum divided by the count it ran over, so one rule serves both.</summary>
    private int Reduce(OpKind kind, bool average, ElementType element, bool isTensor, IOperation at, OpAttributes attributes, int input, string display)
    {
        int sum = Add(kind, element, isTensor, at, attributes, new[] { input }, display);
        if (!average) return sum;
        int mean = Add(OpKind.Divide, element, isTensor, at, OpAttributes.None, new[] { sum, Count(at, element, input, attributes.Axis, display) }, display, "count");
        _nodes[mean] = _nodes[mean] with { Name = "mean" };
        return mean;
    }

    /// <summary>Σ(x − mean)² / (n − correction) along an axis, the mean taken with the axis kept so it broadcasts back.</summary>
    private int Variance(ElementType element, IOperation at, int input, int axis, bool keepDims, int correction, string display)
    {
        int mean = Reduce(OpKind.Sum, average: true, element, true, at, new OpAttributes { Axis = axis, KeepDims = true }, input, display);
        int centered = Add(OpKind.Subtract, element, true, at, OpAttributes.None, new[] { input, mean });
        int squared = Add(OpKind.Square, element, true, at, OpAttributes.None, new[] { centered });
        int sum = Add(OpKind.Sum, element, true, at, new OpAttributes { Axis = axis, KeepDims = keepDims }, new[] { squared }, display);
        int count = Count(at, element, input, axis, display);
        int degrees = correction == 0 ? count
            : Add(OpKind.Subtract, element, false, at, OpAttributes.None, new[] { count, Constant(at, element, correction) });
        int variance = Add(OpKind.Divide, element, true, at, OpAttributes.None, new[] { sum, degrees }, display, "count");
        _nodes[variance] = _nodes[variance] with { Name = "variance" };
        return variance;
    }

    /// <summary>How many elements a reduction over <paramref name="axis"/> (or every axis) of <paramref name="input"/> sums, as a floating scalar.</summary>
    private int Count(IOperation at, ElementType element, int input, int? axis, string display)
    {
        var query = axis is null
            ? new OpAttributes { Query = ShapeQueryKind.FlattenedLength }
            : new OpAttributes { Query = ShapeQueryKind.AxisLength, Axis = axis };
        int count = ConvertTo(Add(OpKind.ShapeQuery, ElementType.NativeInt, false, at, query, new[] { input }, display), element, at);
        _nodes[count] = _nodes[count] with { Name = "count" };
        return count;
    }

    private int? ConstantInt(IOperation operand, string name, string method)
    {
        if (operand.ConstantValue.Value is int value) return value;
        Report(DiagnosticDescriptors.NonConstantArgument, operand.Syntax, name, method);
        return null;
    }

    private bool? ConstantBool(IOperation operand, string name, string method)
    {
        if (operand.ConstantValue.Value is bool value) return value;
        Report(DiagnosticDescriptors.NonConstantArgument, operand.Syntax, name, method);
        return null;
    }

    private double? ConstantDouble(IOperation operand, string name, string method)
    {
        if (operand.ConstantValue.HasValue && operand.ConstantValue.Value is IConvertible)
            return System.Convert.ToDouble(operand.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture);
        Report(DiagnosticDescriptors.NonConstantArgument, operand.Syntax, name, method);
        return null;
    }

    /// <summary>The elements of a <c>params</c> argument, however the compiler packaged them.</summary>
    private static IEnumerable<IOperation> ParamsElements(IEnumerable<IOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case IArrayCreationOperation { Initializer: { } initializer }:
                    foreach (var element in initializer.ElementValues) yield return element;
                    break;
                case ICollectionExpressionOperation collection:
                    foreach (var element in collection.Elements) yield return element;
                    break;
                default:
                    yield return argument;
                    break;
            }
        }
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

        if (CallArguments.InParameterOrder(invocation) is not { } operands) return Invalid(invocation, "an argument matches no parameter");
        // A callee is static (ADG0001 says so where it is not): its parameters are the arguments alone.
        var arguments = operands.Skip(invocation.Instance is null ? 0 : 1).Select(Expression).ToArray();
        var body = _compilation.GetSemanticModel(declaration.SyntaxTree).GetOperation(declaration, _cancellationToken);
        if (body is null) return Invalid(invocation, $"'{callee.Name}' has no body to inline");

        var calleeDiagnostics = new List<DiagnosticInfo>();
        var inner = new BodyParser(_compilation, _spans, _nodes, calleeDiagnostics, _inlining, _cancellationToken)
        {
            _callSite = _callSite ?? _spans.Add(invocation.Syntax),
            _loop = _loop, // a loop inside a method called from a loop's body is a nested loop
        };
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
