using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Common;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>Reads and checks a differentiable method's declaration: where it lives, its parameters and its result.</summary>
internal sealed class DeclarationReader
{
    private readonly SpanTable _spans;
    private readonly List<DiagnosticInfo> _diagnostics;

    public DeclarationReader(SpanTable spans, List<DiagnosticInfo> diagnostics)
    {
        _spans = spans;
        _diagnostics = diagnostics;
    }

    public sealed record Declaration(
        TypeContext Type,
        string Accessibility,
        EquatableArray<ParameterIr> Parameters,
        ElementType Element,
        bool ReturnsTensor);

    /// <summary>Reads the declaration; reports what is wrong and returns null when the body cannot be generated.</summary>
    public Declaration? Read(IMethodSymbol method, MethodDeclarationSyntax syntax, int methodSpan)
    {
        int errorsBefore = _diagnostics.Count;

        if (!method.IsStatic) Report(DiagnosticDescriptors.MethodNotStatic, methodSpan, method.Name);
        if (method.IsGenericMethod) Report(DiagnosticDescriptors.GenericMethod, methodSpan, method.Name);
        if (syntax.Body is null && syntax.ExpressionBody is null)
            Report(DiagnosticDescriptors.UnsupportedStatement, methodSpan, "A method without a body");

        var type = ReadTypeContext(method, methodSpan);

        bool returnsTensor = TypeFacts.TryGetTensorElement(method.ReturnType, out var returnElement);
        bool returnSupported = returnsTensor
            ? returnElement.IsFloating()
            : TypeFacts.TryGetScalarElement(method.ReturnType, out returnElement) && returnElement.IsFloating();
        if (!returnSupported)
        {
            Report(DiagnosticDescriptors.UnsupportedReturnType, _spans.Add(syntax.ReturnType), method.Name, method.ReturnType.ToDisplayString());
        }

        var parameters = new List<ParameterIr>();
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = ReadParameter(method.Parameters[i], syntax.ParameterList.Parameters[i], i, returnSupported ? returnElement : null, method.Name);
            if (parameter is not null) parameters.Add(parameter);
        }

        CheckGeneratedNames(method, methodSpan, parameters.All(p => !p.IsTensor) && !returnsTensor);

        if (_diagnostics.Skip(errorsBefore).Any(d => d.IsError)) return null;
        return new Declaration(type, Accessibility(method), parameters.ToEquatableArray(), returnElement, returnsTensor);
    }

    private TypeContext ReadTypeContext(IMethodSymbol method, int methodSpan)
    {
        var chain = new List<ContainingType>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var declaration = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                Report(DiagnosticDescriptors.TypeNotPartial, methodSpan, type.Name, method.Name);

            string typeParameters = type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(p => Naming.Identifiers.Escape(p.Name))) + ">";
            chain.Insert(0, new ContainingType(Keyword(type), type.Name, typeParameters, type.IsStatic));
        }
        var ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : string.Empty;
        return new TypeContext(ns, chain.ToEquatableArray());
    }

    private ParameterIr? ReadParameter(IParameterSymbol parameter, ParameterSyntax syntax, int index, ElementType? methodElement, string method)
    {
        int span = _spans.Add(syntax);
        if (parameter.RefKind != RefKind.None || parameter.IsParams)
        {
            Report(DiagnosticDescriptors.UnsupportedParameter, span, parameter.Name, parameter.Type.ToDisplayString(),
                "ref, out, in and params parameters are not supported");
            return null;
        }

        bool isTensor = TypeFacts.TryGetTensorElement(parameter.Type, out var element);
        if (!isTensor && !(TypeFacts.TryGetScalarElement(parameter.Type, out element) && element != ElementType.NativeInt))
        {
            Report(DiagnosticDescriptors.UnsupportedParameter, span, parameter.Name, parameter.Type.ToDisplayString(),
                "use Tensor<float>, Tensor<double>, Tensor<int>, float, double or int");
            return null;
        }

        if (element.IsFloating() && methodElement is { } expected && element != expected)
        {
            Report(DiagnosticDescriptors.MixedElementTypes, span, parameter.Name, parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                method, expected.CSharpName());
            return null;
        }

        var shape = Shape.Scalar;
        string shapeText = string.Empty;
        if (!isTensor && TypeFacts.FindAttribute(parameter, TypeFacts.ShapeAttribute) is { } sized)
        {
            // An int may name the size it is, [Shape("H")] int heads: H is then bound from it, as from a tensor's length.
            string text = sized.ConstructorArguments.FirstOrDefault().Value as string ?? string.Empty;
            var size = element == ElementType.Int32 ? ShapeText.TryParse(text, out _) : null;
            if (size is { Rank: 1 } && size[0].IsPlainSymbol)
                return new ParameterIr(parameter.Name, index, element, false, false, Shape.Scalar, text, span, size[0].Symbols[0]);
            Report(DiagnosticDescriptors.MalformedShape, span, text, parameter.Name, element == ElementType.Int32
                ? "on an int, a [Shape] names the one size it is, a symbol such as [Shape(\"H\")]"
                : "a [Shape] belongs on a tensor parameter, and this one is a scalar");
            return null;
        }
        if (isTensor)
        {
            var attribute = TypeFacts.FindAttribute(parameter, TypeFacts.ShapeAttribute);
            if (attribute is null)
            {
                Report(DiagnosticDescriptors.MissingShape, _spans.Add(syntax.Identifier), parameter.Name);
                return null;
            }
            shapeText = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string ?? string.Empty : string.Empty;
            var parsed = ShapeText.TryParse(shapeText, out string error);
            if (parsed is null)
            {
                var argumentSyntax = (attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax)?.ArgumentList?.Arguments.FirstOrDefault();
                int at = argumentSyntax is null ? span : _spans.Add(argumentSyntax);
                Report(DiagnosticDescriptors.MalformedShape, at, shapeText, parameter.Name, error);
                return null;
            }
            shape = parsed;
        }

        bool differentiated = element.IsFloating() && !TypeFacts.HasAttribute(parameter, TypeFacts.NoDiffAttribute);
        return new ParameterIr(parameter.Name, index, element, isTensor, differentiated, shape, shapeText, span);
    }

    private void CheckGeneratedNames(IMethodSymbol method, int methodSpan, bool scalarFunction)
    {
        var type = method.ContainingType;
        var generated = scalarFunction
            ? new[] { method.Name + "Gradients", method.Name + "ValueAndGradients" }
            : new[] { method.Name + "Gradients", method.Name + "Backward", method.Name + "ValueAndGradients" };
        foreach (string name in generated)
        {
            // The analyzer sees the compilation with this generator's own output in it; the generator never does.
            if (type.GetMembers(name).Any(member => !TypeFacts.IsGeneratedByAutoDiffGen(member)))
                Report(DiagnosticDescriptors.GeneratedNameConflict, methodSpan, type.Name, name, method.Name, "it already has a member of that name");
            else if (name == type.Name)
                Report(DiagnosticDescriptors.GeneratedNameConflict, methodSpan, type.Name, name, method.Name, "a member cannot have its type's own name");
        }

        // Two differentiable overloads would generate the same members.
        bool overloaded = type.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Count(m => TypeFacts.HasAttribute(m, TypeFacts.DifferentiableAttribute) && m.PartialDefinitionPart is null) > 1;
        if (overloaded)
        {
            Report(DiagnosticDescriptors.GeneratedNameConflict, methodSpan, type.Name, generated[0], method.Name,
                $"another [Differentiable] method named '{method.Name}' would generate it too; give them different names");
        }
    }

    private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => "record struct",
        (true, _) => "record",
        (_, TypeKind.Struct) => "struct",
        (_, TypeKind.Interface) => "interface",
        _ => "class",
    };

    private static string Accessibility(IMethodSymbol method) => method.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    private void Report(DiagnosticDescriptor descriptor, int span, params string[] arguments)
        => _diagnostics.Add(DiagnosticInfo.Create(descriptor.Id, span, arguments));
}
