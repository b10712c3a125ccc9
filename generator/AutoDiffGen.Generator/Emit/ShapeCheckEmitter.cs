using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;
using AutoDiffGen.Generator.Shapes;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Emits the entry checks: every tensor argument's rank, then each symbol bound where it is first declared, then
/// every other declared dimension compared with it, each failure an <c>ArgumentException</c> naming the parameter,
/// the dimension and both sizes.
/// </summary>
internal static class ShapeCheckEmitter
{
    public static void Write(SourceWriter writer, ComputePlan plan, Shape? outputGradient)
    {
        var method = plan.Method;
        var sizes = new SizeText(plan);
        string TensorName(ParameterIr parameter) => plan.ParameterNames[parameter.Index].Tensor;
        writer.WriteLine("// Bind the shape symbols from the arguments and check every declared dimension.");
        var tensors = method.Parameters.Where(p => p.IsTensor).ToList();
        foreach (var parameter in tensors)
        {
            writer.WriteLine($"{CSharp.Runtime}ShapeCheck.Rank({TensorName(parameter)}, {parameter.DeclaredShape.Rank}, " +
                $"{CSharp.String(parameter.Name)}, {CSharp.String(parameter.DeclaredShape.ToString())});");
        }

        var sources = new Dictionary<string, string>();
        foreach (var step in SymbolBinding.Plan(method.Parameters, out _))
        {
            string name = CSharp.String(step.Parameter.Name);
            if (step.Axis < 0)
            {
                string value = plan.ParameterNames[step.Parameter.Index].Local;
                if (step.Binds is not null) sources[step.Binds] = $"'{step.Parameter.Name}'";
                writer.WriteLine(step.Binds is { } given
                    ? $"int {sizes.Local(given)} = {CSharp.Runtime}ShapeCheck.Size({value}, {name});"
                    : $"{CSharp.Runtime}ShapeCheck.ExpectSize({value}, {sizes.Of(step.Dim)}, {name}, {CSharp.String(step.Dim.ToString())}, {CSharp.String(step.Source!)});");
                continue;
            }
            string tensor = TensorName(step.Parameter);
            string declared = CSharp.String(step.Parameter.DeclaredShape.ToString());
            if (step.Binds is { } symbol)
            {
                sources[symbol] = $"'{step.Parameter.Name}' dimension {step.Axis}";
                if (step.Dim.IsPlainSymbol)
                {
                    writer.WriteLine($"int {sizes.Local(symbol)} = {CSharp.Runtime}ShapeCheck.Length({tensor}, {step.Axis});");
                }
                else
                {
                    var others = new Dim(step.Dim.Factor, step.Dim.Symbols.Where(s => s != symbol).ToEquatableArray());
                    writer.WriteLine($"int {sizes.Local(symbol)} = {CSharp.Runtime}ShapeCheck.Quotient({tensor}, {step.Axis}, {sizes.Of(others)}, " +
                        $"{name}, {declared}, {CSharp.String(step.Dim.ToString())});");
                }
            }
            else
            {
                string source = step.Source is null ? "null" : CSharp.String(step.Source);
                writer.WriteLine($"{CSharp.Runtime}ShapeCheck.Expect({tensor}, {step.Axis}, {sizes.Of(step.Dim)}, {name}, {declared}, " +
                    $"{CSharp.String(step.Dim.ToString())}, {source});");
            }
        }

        if (outputGradient is null) return;
        var seed = plan.OutputGradient;
        writer.WriteLine($"{CSharp.Runtime}ShapeCheck.Rank({seed.Tensor}, {outputGradient.Rank}, {CSharp.String(seed.Public)}, {CSharp.String(outputGradient.ToString())});");
        for (int axis = 0; axis < outputGradient.Rank; axis++)
        {
            var dim = outputGradient[axis];
            string source = dim.IsConstant ? "null" : CSharp.String(string.Join(", ", dim.Symbols.Distinct().Select(s => sources[s])));
            writer.WriteLine($"{CSharp.Runtime}ShapeCheck.Expect({seed.Tensor}, {axis}, {sizes.Of(dim)}, {CSharp.String(seed.Public)}, " +
                $"{CSharp.String(outputGradient.ToString())}, {CSharp.String(dim.ToString())}, {source});");
        }
    }
}
