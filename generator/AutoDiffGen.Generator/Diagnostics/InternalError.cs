using System;
using System.Diagnostics;

namespace AutoDiffGen.Generator.Diagnostics;

/// <summary>Words an unexpected exception for ADG0900: what went wrong and where, enough for a bug report.</summary>
internal static class InternalError
{
    public static string Describe(Exception exception)
    {
        var method = new StackTrace(exception).GetFrame(0)?.GetMethod();
        string where = method is null ? string.Empty : $" (in {method.DeclaringType?.Name}.{method.Name})";
        return $"{exception.GetType().Name}: {exception.Message}{where}";
    }
}
