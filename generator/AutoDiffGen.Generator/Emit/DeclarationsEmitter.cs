using System.Linq;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Naming;
using AutoDiffGen.Generator.Optimization;

namespace AutoDiffGen.Generator.Emit;

/// <summary>
/// While a method has errors — half-typed in the editor, say — its generated members keep their declarations, with
/// bodies that throw, so code elsewhere that uses <c>XxxGradients</c> or <c>XxxBackward</c> does not fill with
/// errors of its own until the line is finished. The build fails on the method's errors anyway, so none of this runs.
/// </summary>
internal sealed class DeclarationsEmitter
{
    /// <summary>The first line of such a file, for tools and tests to tell it from a backward pass.</summary>
    public const string Marker = "// Declarations only: the method has errors, and its backward pass is generated once they are fixed.";

    private readonly ComputePlan _plan;
    private readonly MethodIr _method;
    private readonly string _t;
    private readonly string _throw;

    public DeclarationsEmitter(ComputePlan plan)
    {
        _plan = plan;
        _method = plan.Method;
        _t = _method.Element.CSharpName();
        _throw = $"throw new global::System.InvalidOperationException({CSharp.String($"'{_method.Name}' has errors; its backward pass is generated once they are fixed.")})";
    }

    private string TypeOf(ParameterIr parameter) => parameter.IsTensor ? CSharp.Tensor(parameter.Element) : parameter.Element.CSharpName();

    private string Parameters() => string.Join(", ", _method.Parameters.Select(p => $"{TypeOf(p)} {Identifiers.Escape(p.Name)}"));

    public void Write(SourceWriter writer)
    {
        writer.WriteLine(Marker);
        var differentiated = _method.Parameters.Where(p => p.IsDifferentiated).ToList();
        string name = _plan.Members.Class;
        if (_method.IsScalarFunction)
        {
            string fields = string.Join(", ", differentiated.Select((p, i) => $"{_t} {_plan.Members.Properties[i]}"));
            writer.WriteLine(CSharp.GeneratedCode);
            writer.WriteLine($"{_method.Accessibility} readonly record struct {name}({fields});");
            writer.WriteLine(CSharp.GeneratedCode);
            writer.WriteLine($"{_method.Accessibility} static ({_t} Value, {name} Gradients) {_method.Name}ValueAndGradients({Parameters()}) => {_throw};");
            return;
        }

        string tensor = CSharp.Tensor(_method.Element);
        string set = $"global::AutoDiffGen.Training.IGradientSet<{_t}>";
        writer.WriteLine(CSharp.GeneratedCode);
        writer.OpenBlock($"{_method.Accessibility} sealed class {name} : {set}");
        for (int i = 0; i < differentiated.Count; i++)
            writer.WriteLine($"public {TypeOf(differentiated[i])} {_plan.Members.Properties[i]} => {_throw};");
        var trained = differentiated.Where(p => p.IsTensor).ToList();
        writer.WriteLine($"public static global::AutoDiffGen.Training.ParameterSet<{_t}> Parameters({string.Join(", ", trained.Select(p => $"{tensor} {Identifiers.Escape(p.Name)}"))}) => {_throw};");
        writer.WriteLine($"global::System.Collections.Generic.IReadOnlyList<string> {set}.Names => {_throw};");
        writer.WriteLine($"{tensor} {set}.Gradient(int index) => {_throw};");
        writer.CloseBlock();

        string result = _method.ReturnsTensor ? tensor : _t;
        string outputGradient = _method.ReturnsTensor ? $", {tensor} {_plan.OutputGradient.Public}" : string.Empty;
        writer.WriteLine(CSharp.GeneratedCode);
        writer.WriteLine($"{_method.Accessibility} static {result} {_method.Name}Backward({CSharp.Join(Parameters(), outputGradient.TrimStart(',', ' '), $"{name} {_plan.Members.GradientsParameter}")}) => {_throw};");
        writer.WriteLine(CSharp.GeneratedCode);
        writer.WriteLine($"{_method.Accessibility} static ({result} Value, {name} Gradients) {_method.Name}ValueAndGradients({CSharp.Join(Parameters(), outputGradient.TrimStart(',', ' '))}) => {_throw};");
    }
}
