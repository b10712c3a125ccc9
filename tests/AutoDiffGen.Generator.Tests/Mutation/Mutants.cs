using AutoDiffGen.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiffGen.Generator.Tests.Mutation;

/// <param name="StaysValid">The mutant means the same as the original (named arguments reordered), so the generator must accept it.</param>
internal sealed record Mutant(string Kind, string Text, string Description, bool StaysValid = false);

/// <summary>Edits a person typing would make to a valid method, each a separate mutant of the file.</summary>
internal static class Mutants
{
    private static readonly string[] ShapeGarbles =
    [
        "", " ", ",", "N,", ",N", "N,,D", "N D", "3*", "*E", "-1", "0", "N*", "2*3", "N, D, E, F, G, H", "1e3", "N-1", "N+1",
        "ñ", "N, D)", "\\\"", "N;D", "(N)", "N*N", "E*3", "0*E", "N, 0", "int", "@N", "N.D", "99999999999", "N, -2",
    ];

    /// <param name="everyCharacter">Truncate at every character of a body rather than at every token boundary.</param>
    public static IEnumerable<Mutant> Of(string source, bool everyCharacter)
    {
        var tree = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions);
        var root = tree.GetRoot();
        var methods = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.AttributeLists.SelectMany(a => a.Attributes).Any(a => a.Name.ToString() == "Differentiable")).ToList();

        foreach (var method in methods)
        {
            SyntaxNode body = (SyntaxNode?)method.Body ?? method.ExpressionBody!;
            var positions = everyCharacter
                ? Enumerable.Range(body.SpanStart, body.Span.Length + 1)
                : body.DescendantTokens().SelectMany(t => new[] { t.SpanStart, t.Span.End }).Append(body.Span.End).Distinct();
            foreach (int p in positions.OrderBy(p => p))
            {
                yield return new Mutant("truncate", source[..p], $"{method.Identifier.Text}: file cut at {p}");
                yield return new Mutant("truncate body", source[..p] + source[body.Span.End..], $"{method.Identifier.Text}: body cut at {p}, rest of the file kept");
            }

            foreach (var token in method.DescendantTokens())
            {
                yield return new Mutant("delete token", source.Remove(token.SpanStart, token.Span.Length), $"{method.Identifier.Text}: '{token.Text}' at {token.SpanStart} deleted");
                yield return new Mutant("duplicate token", source.Insert(token.Span.End, " " + token.Text), $"{method.Identifier.Text}: '{token.Text}' at {token.SpanStart} duplicated");
            }

            foreach (var literal in method.ParameterList.DescendantNodes().OfType<AttributeSyntax>()
                         .Where(a => a.Name.ToString() is "Shape" or "ShapeAttribute")
                         .SelectMany(a => a.DescendantNodes().OfType<LiteralExpressionSyntax>()))
            {
                foreach (string garble in ShapeGarbles)
                    yield return new Mutant("garble shape", source.Remove(literal.SpanStart, literal.Span.Length).Insert(literal.SpanStart, "\"" + garble + "\""),
                        $"{method.Identifier.Text}: [Shape({literal.Token.Text})] → [Shape(\"{garble}\")]");
                // A typo inside the shape: each character dropped.
                string text = literal.Token.ValueText;
                for (int i = 0; i < text.Length; i++)
                    yield return new Mutant("garble shape", source.Remove(literal.SpanStart, literal.Span.Length).Insert(literal.SpanStart, "\"" + text.Remove(i, 1) + "\""),
                        $"{method.Identifier.Text}: [Shape({literal.Token.Text})] → [Shape(\"{text.Remove(i, 1)}\")]");
            }
        }

        foreach (var mutant in ReorderedArguments(source, tree)) yield return mutant;
    }

    /// <summary>
    /// Every call with two or more arguments rewritten with all of its arguments named, in reverse order and rotated:
    /// the same method to C#, so it must generate the same backward pass.
    /// </summary>
    private static IEnumerable<Mutant> ReorderedArguments(string source, SyntaxTree tree)
    {
        var compilation = GeneratorHarness.Compile(source);
        tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        foreach (var call in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            var arguments = call.ArgumentList.Arguments;
            if (arguments.Count < 2) continue;
            if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol symbol) continue;
            if (symbol.Parameters.Any(p => p.IsParams)) continue;
            var named = new List<string>();
            for (int i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                string name = argument.NameColon?.Name.Identifier.ValueText ?? symbol.Parameters[i].Name;
                named.Add($"{SyntaxFacts.GetKeywordKind(name) switch { SyntaxKind.None => name, _ => "@" + name }}: {argument.Expression}");
            }
            var orders = new List<List<string>> { Enumerable.Reverse(named).ToList(), named.Skip(1).Append(named[0]).ToList() };
            foreach (var order in orders.DistinctBy(o => string.Join(",", o)))
            {
                string list = "(" + string.Join(", ", order) + ")";
                var span = call.ArgumentList.Span;
                yield return new Mutant("reorder named arguments", source.Remove(span.Start, span.Length).Insert(span.Start, list),
                    $"{call.Expression}{call.ArgumentList} → {call.Expression}{list}", StaysValid: true);
            }
        }
    }
}
