using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Differentiation;
using AutoDiffGen.Generator.Emit;
using AutoDiffGen.Generator.Ir;
using AutoDiffGen.Generator.Optimization;
using AutoDiffGen.Generator.Shapes;

namespace AutoDiffGen.Generator.Tests;

/// <summary>The generator never throws into the compiler: a failure inside any stage becomes ADG0900 on the method.</summary>
public class InternalErrorTests
{
    // A node whose input does not exist: no parse produces it, so every stage meets it as an internal failure.
    private static MethodIr Broken()
    {
        var parameter = new ParameterIr("x", 0, ElementType.Single, true, true, Shape.Of([Dim.Symbol("N")]), "N", 1);
        var nodes = new[]
        {
            new IrNode(0, OpKind.Parameter, EquatableArray<int>.Empty, ElementType.Single, true, parameter.DeclaredShape, new OpAttributes(), 1, "x", "x", EquatableArray<string>.Empty),
            new IrNode(1, OpKind.Tanh, new EquatableArray<int>([99]), ElementType.Single, true, Shape.Scalar, new OpAttributes(), 2, "y", "y", EquatableArray<string>.Empty),
        };
        return new MethodIr("C.Loss(Tensor<float>)", new TypeContext("", new EquatableArray<ContainingType>([new ContainingType("class", "C", "", true)])),
            "Loss", "public", new EquatableArray<ParameterIr>([parameter]), ElementType.Single, true, new EquatableArray<IrNode>(nodes), 1,
            EquatableArray<Diagnostics.DiagnosticInfo>.Empty);
    }

    private static void AssertInternalError(IEnumerable<Diagnostics.DiagnosticInfo> diagnostics)
    {
        var error = Assert.Single(diagnostics);
        Assert.Equal("ADG0900", error.Id);
        Assert.Equal(0, error.SpanId);
        Assert.Equal("Loss", error.Arguments[0]);
        Assert.Contains("Exception", error.Arguments[1]);
    }

    [Fact]
    public void ADG0900_ShapesStage() => AssertInternalError(ShapeInference.Run(Broken()).Diagnostics);

    [Fact]
    public void ADG0900_ReachesTheAnalyzer() => AssertInternalError(StageDiagnostics.Run(Broken()));

    [Fact]
    public void ADG0900_DifferentiateStage() => AssertInternalError(ReverseSweep.Run(Broken()).Diagnostics);

    [Fact]
    public void ADG0900_OptimizeStage()
    {
        var method = Broken();
        var differentiated = new DifferentiatedMethod(method, method.Nodes, method.Nodes.Count, -1,
            new EquatableArray<GradientOutput>([new GradientOutput(0, 1, EquatableArray<string>.Empty)]), method.Diagnostics);
        AssertInternalError(Planner.Run(differentiated).Diagnostics);
    }

    [Fact]
    public void ADG0900_EmitStage()
    {
        var method = Broken();
        var plan = new ComputePlan(method, method.Nodes, EquatableArray<ValueStorage>.Empty, EquatableArray<BufferInfo>.Empty,
            new EquatableArray<PlanStep>([new ScalarStep(false, 1)]), EquatableArray<GradientPlan>.Empty, EquatableArray<SlotPlan>.Empty,
            EquatableArray<IndexCheckPlan>.Empty, 1, -1, EquatableArray<string>.Empty, EquatableArray<string>.Empty,
            EquatableArray<ParameterNames>.Empty, ParameterNames.None, MemberNames.None, method.Diagnostics);
        var source = SourceEmitter.Emit(plan);
        Assert.Null(source.Text);
        AssertInternalError(source.Diagnostics);
    }
}
