namespace AutoDiffGen.Generator.Common;

/// <summary>Combines hash codes (netstandard2.0 has no System.HashCode).</summary>
internal static class HashCombiner
{
    public static int Combine(int seed, int value)
    {
        unchecked
        {
            return (seed * 31) + value;
        }
    }
}
