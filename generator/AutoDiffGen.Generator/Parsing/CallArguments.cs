using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Parsing;

/// <summary>
/// A call's operands bound to the parameters they are for. The compiler lists a call's arguments in evaluation order
/// (as written, then the defaults), so a named argument written out of order would land at the wrong position if they
/// were taken as they come; every call the parser reads goes through here instead.
/// </summary>
internal static class CallArguments
{
    /// <summary>
    /// The receiver of an instance call, if any, then one operand per parameter in declaration order, defaults included
    /// (an extension method's <c>this</c> is its first parameter). Null when an argument is bound to no parameter, which
    /// only code the compiler rejects has.
    /// </summary>
    public static IReadOnlyList<IOperation>? InParameterOrder(IInvocationOperation invocation)
    {
        var arguments = invocation.Arguments;
        if (arguments.Any(a => a.Parameter is null)) return null;

        var operands = new List<IOperation>(arguments.Length + 1);
        if (invocation.Instance is not null) operands.Add(invocation.Instance);
        operands.AddRange(arguments.OrderBy(a => a.Parameter!.Ordinal).Select(a => a.Value));
        return operands;
    }
}
