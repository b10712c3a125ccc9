using System.Collections.Generic;

namespace AutoDiffGen.Generator.Naming;

/// <summary>
/// One C# declaration space of the generated code — a type's members, or a method's parameters and locals — handing
/// out identifiers that are free in it. Names the scope must not hand out (the user's own, those the generated code
/// spells itself) are reserved first; every generated identifier is then taken, never written out by hand.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _used = new();

    public NameScope(IEnumerable<string> reserved)
    {
        foreach (string name in reserved) _used.Add(name);
    }

    public NameScope(params string[] reserved) : this((IEnumerable<string>)reserved)
    {
    }

    /// <summary>True when <paramref name="name"/> can be taken exactly: free, and not a keyword.</summary>
    public bool IsFree(string name) => !_used.Contains(name) && !Identifiers.IsKeyword(name);

    /// <summary>Marks <paramref name="name"/> as used, whoever declares it.</summary>
    public void Reserve(string name) => _used.Add(name);

    /// <summary><paramref name="preferred"/>, or it with the smallest numeric suffix from 2 that is free.</summary>
    public string Take(string preferred)
    {
        string name = Identifiers.Clean(preferred);
        string candidate = name;
        for (int suffix = 2; !IsFree(candidate); suffix++) candidate = name + suffix;
        _used.Add(candidate);
        return candidate;
    }

    /// <summary><paramref name="preferred"/> when it is free, else <paramref name="fallback"/> (which is taken as usual).</summary>
    public string TakeOr(string preferred, string fallback) => IsFree(Identifiers.Clean(preferred)) ? Take(preferred) : Take(fallback);
}
