using System;
using System.Diagnostics;
using System.Linq;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>Words an unexpected exception for ADG0900: what went wrong and where, enough for a bug report.</summary>
internal static class InternalError
{
    public static string Describe(Exception exception)
    {
        // The first frame in the generator itself says more than a framework helper that threw for it.
        var frames = new StackTrace(exception).GetFrames() ?? System.Array.Empty<StackFrame>();
        var method = frames.Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.Assembly == typeof(InternalError).Assembly)
            ?? frames.FirstOrDefault()?.GetMethod();
        string where = method is null ? string.Empty : $" (in {method.DeclaringType?.Name}.{method.Name})";
        return $"{exception.GetType().Name}: {exception.Message}{where}";
    }
}
