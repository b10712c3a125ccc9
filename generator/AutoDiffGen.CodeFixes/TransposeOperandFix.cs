using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace AutoDiffGen.CodeFixes;

/// <summary>
/// ADG0201, when the message says "'w' transposed would fit" or "'w2' without its transpose would fit": adds
/// <c>.Transpose()</c> to that operand of the matrix product, or drops the one it has. Offered only where the
/// diagnostic is on the <c>MatMul</c> call itself, not on a call it was inlined from.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TransposeOperandFix)), Shared]
public sealed class TransposeOperandFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.MatMulMismatch.Id);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(FixProperties.Fix, out var fix) || fix is not (FixProperties.Transpose or FixProperties.DropTranspose)
            || !diagnostic.Properties.TryGetValue(FixProperties.Operand, out var side) || side is not (FixProperties.Left or FixProperties.Right))
        {
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || Operand(root, model, diagnostic.Location.SourceSpan, side == FixProperties.Left ? 0 : 1, context.CancellationToken) is not { } operand)
        {
            return;
        }

        if (fix == FixProperties.Transpose)
        {
            context.RegisterCodeFix(CodeAction.Create(
                $"Transpose '{Text(operand)}'",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(operand, Transposed(operand)))),
                equivalenceKey: nameof(TransposeOperandFix) + ".Add"), diagnostic);
        }
        else if (Untransposed(model, operand, context.CancellationToken) is { } plain)
        {
            context.RegisterCodeFix(CodeAction.Create(
                $"Drop the transpose of '{Text(plain)}'",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(operand, plain.WithTriviaFrom(operand)))),
                equivalenceKey: nameof(TransposeOperandFix) + ".Drop"), diagnostic);
        }
    }

    /// <summary>The left (0) or right (1) operand of the <c>MatMul</c> call at <paramref name="span"/>, however it is written.</summary>
    private static ExpressionSyntax? Operand(SyntaxNode root, SemanticModel model, Microsoft.CodeAnalysis.Text.TextSpan span, int index,
        CancellationToken cancellationToken)
    {
        var call = root.FindNode(span).DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(n => n.Span == span);
        if (call is null || Invocation(model, call, "MatMul", cancellationToken) is not { } invocation) return null;
        var operands = CallArguments.InParameterOrder(invocation);
        if (operands is null || index >= operands.Count || Unconverted(operands[index]).Syntax is not ExpressionSyntax operand) return null;
        // C# operations leave out parentheses: (a + b) is the operand, not a + b inside them.
        while (operand.Parent is ParenthesizedExpressionSyntax parenthesized) operand = parenthesized;
        return operand;
    }

    /// <summary><paramref name="expression"/> as a call of TensorMath's <paramref name="name"/>, or null.</summary>
    private static IInvocationOperation? Invocation(SemanticModel model, ExpressionSyntax expression, string name, CancellationToken cancellationToken)
        => model.GetOperation(expression, cancellationToken) is IInvocationOperation invocation
            && invocation.TargetMethod.Name == name && TypeFacts.IsTensorMath(invocation.TargetMethod.ContainingType)
            ? invocation
            : null;

    /// <summary>What <paramref name="operand"/> transposes, when it is a call of <c>Transpose</c> (fluent or static).</summary>
    private static ExpressionSyntax? Untransposed(SemanticModel model, ExpressionSyntax operand, CancellationToken cancellationToken)
    {
        var inner = operand is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : operand;
        if (Invocation(model, inner, "Transpose", cancellationToken) is not { } transpose) return null;
        var operands = CallArguments.InParameterOrder(transpose);
        return operands is { Count: 1 } ? Unconverted(operands[0]).Syntax as ExpressionSyntax : null;
    }

    private static IOperation Unconverted(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion) operation = conversion.Operand;
        return operation;
    }

    /// <summary><c>operand.Transpose()</c>, in parentheses where the operand would not bind as the receiver (<c>(a + b).Transpose()</c>).</summary>
    private static ExpressionSyntax Transposed(ExpressionSyntax operand)
    {
        var receiver = operand.WithoutTrivia();
        if (receiver is not (IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
            or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax or ThisExpressionSyntax))
        {
            receiver = ParenthesizedExpression(receiver);
        }
        return InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName("Transpose")))
            .WithTriviaFrom(operand);
    }

    private static string Text(SyntaxNode node) => string.Join(" ", node.ToString().Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries));
}
