using System.Linq;
using AutoDiffGen.Generator.Ir;
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
        string record = _method.Name + "Gradients";
        var gradients = _plan.Gradients.ToList();

        writer.WriteLine($"/// <summary>The partial derivatives of <see cref=\"{_method.Name}\"/>, one per differentiated parameter.</summary>");
        foreach (var gradient in gradients)
        {
            var parameter = _method.Parameters[gradient.ParameterIndex];
            string rules = gradient.Rules.Count == 0 ? "always zero: the result does not depend on it" : string.Join("; ", gradient.Rules);
            writer.WriteLine($"/// <param name=\"{CSharp.Pascal(parameter.Name)}\">∂{_method.Name}/∂{parameter.Name} ({CSharp.Xml(rules)}).</param>");
        }
        writer.WriteLine(CSharp.GeneratedCode);
        string fields = string.Join(", ", gradients.Select(g => $"{t} {CSharp.Pascal(_method.Parameters[g.ParameterIndex].Name)}"));
        writer.WriteLine($"{_method.Accessibility} readonly record struct {record}({fields});");
        writer.WriteLine();

        string parameters = string.Join(", ", _method.Parameters.Select(p => $"{p.Element.CSharpName()} {CSharp.Identifier(p.Name)}"));
        writer.WriteLine($"/// <summary>Computes <see cref=\"{_method.Name}\"/> and its partial derivatives.</summary>");
        writer.WriteLine(CSharp.GeneratedCode);
        writer.OpenBlock($"{_method.Accessibility} static ({t} Value, {record} Gradients) {_method.Name}ValueAndGradients({parameters})");

        var steps = new StepEmitter(_plan);
        bool inBackward = false;
        writer.WriteLine("// Forward pass");
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

    private string Value(int id)
    {
        if (id < 0) return CSharp.Literal(0, _method.Element);
        var storage = _plan.Storage[id];
        return storage.Kind == StorageKind.Constant ? CSharp.Literal(_plan.Nodes[id].Attributes.Value, _plan.Nodes[id].Element) : storage.Name;
    }
}
