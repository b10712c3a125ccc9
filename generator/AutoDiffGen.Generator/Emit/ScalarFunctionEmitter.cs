using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// Emits, for a function of scalars <c>F</c>: <c>FGradients</c>, a record struct of partial derivatives, and
/// <c>FValueAndGradients</c>, which computes the value and every partial with plain arithmetic.
/// </summary>
internal sealed class ScalarFunctionEmitter
{
    private readonly ComputePlan _plan;
    private readonly MethodIr _method;

    public ScalarFunctionEmitter(ComputePlan plan)
    {
        _plan = plan;
        _method = plan.Method;
    }

    public void Write(SourceWriter writer)
    {
        string t = _method.Element.CSharpName();
        string record = _plan.Members.Class;
        var gradients = _plan.Gradients.ToList();
        var properties = _plan.Members.Properties;

        writer.WriteLine($"/// <summary>The partial derivatives of <see cref=\"{Identifiers.Escape(_method.Name)}\"/>, one per differentiated parameter.</summary>");
        for (int i = 0; i < gradients.Count; i++)
        {
            var parameter = _method.Parameters[gradients[i].ParameterIndex];
            string rules = gradients[i].Rules.Count == 0 ? "always zero: the result does not depend on it" : string.Join("; ", gradients[i].Rules);
            writer.WriteLine($"/// <param name=\"{properties[i]}\">∂{_method.Name}/∂{parameter.Name} ({CSharp.Xml(rules)}).</param>");
        }
        writer.WriteLine(CSharp.GeneratedCode);
        string fields = string.Join(", ", properties.Select(property => $"{t} {property}"));
        writer.WriteLine($"{_method.Accessibility} readonly record struct {record}({fields});");
        writer.WriteLine();

        string parameters = string.Join(", ", _method.Parameters.Select(p => $"{p.Element.CSharpName()} {Identifiers.Escape(p.Name)}"));
        writer.WriteLine($"/// <summary>Computes <see cref=\"{Identifiers.Escape(_method.Name)}\"/> and its partial derivatives.</summary>");
        writer.WriteLine(CSharp.GeneratedCode);
        writer.OpenBlock($"{_method.Accessibility} static ({t} Value, {record} Gradients) {_method.Name}ValueAndGradients({parameters})");

        var steps = new StepEmitter(_plan);
        bool inBackward = false;
        writer.WriteLine("// Forward pass");
        // A parameter named by a keyword is used under a plain name.
        foreach (var parameter in _method.Parameters.Where(p => _plan.ParameterNames[p.Index].Local != p.Name))
            writer.WriteLine($"{parameter.Element.CSharpName()} {_plan.ParameterNames[parameter.Index].Local} = {Identifiers.Escape(parameter.Name)};");
        foreach (var step in _plan.Steps)
        {
            if (step.IsBackward && !inBackward)
            {
                writer.WriteLine();
                writer.WriteLine("// Backward pass");
                inBackward = true;
            }
            steps.Write(writer, step);
        }
        writer.WriteLine();
        string partials = string.Join(", ", gradients.Select(g => Value(g.ValueId)));
        writer.WriteLine($"return ({Value(_plan.ResultId)}, new {record}({partials}));");
        writer.CloseBlock();
    }

    private string Value(int id) => ScalarExpressions.Value(_plan, id);
}
