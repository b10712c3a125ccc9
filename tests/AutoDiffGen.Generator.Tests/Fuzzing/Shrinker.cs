using System.Diagnostics;

namespace AutoDiffGen.Generator.Tests.Fuzzing;

/// <summary>
/// Greedy shrinking of a failing method's decisions, keeping the kind of failure: shorter lists first, then each
/// decision removed or set to its simplest option. Fewer and smaller decisions always mean a simpler method.
/// </summary>
internal static class Shrinker
{
    public static (int[] Decisions, FuzzMethod Method, Failure Failure) Shrink(int[] decisions, Failure failure, bool execute, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var best = decisions;
        var bestMethod = MethodBuilder.Build(best);
        var bestFailure = failure;

        bool Try(int[] candidate)
        {
            if (clock.Elapsed > budget) return false;
            var method = MethodBuilder.Build(candidate);
            if (method.Source.Length > bestMethod.Source.Length) return false;
            var result = GeneratorFuzzTests.Run(method, candidate, execute, new FuzzStats());
            if (result is null || result.Key != failure.Key) return false;
            best = candidate;
            bestMethod = method;
            bestFailure = result;
            return true;
        }

        // The shortest prefix that still fails.
        for (int length = best.Length / 2; length >= 1 && clock.Elapsed < budget; length /= 2)
            if (!Try(best[..length])) break;

        bool progress = true;
        while (progress && clock.Elapsed < budget)
        {
            progress = false;
            for (int i = best.Length - 1; i >= 0 && clock.Elapsed < budget; i--)
            {
                if (i >= best.Length) continue;
                if (Try([.. best[..i], .. best[(i + 1)..]])) { progress = true; continue; }
                if (best[i] != 0)
                {
                    var zero = best.ToArray();
                    zero[i] = 0;
                    if (Try(zero)) { progress = true; continue; }
                    var half = best.ToArray();
                    half[i] /= 2;
                    if (Try(half)) progress = true;
                }
            }
        }
        return (best, bestMethod, bestFailure);
    }
}
