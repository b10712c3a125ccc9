namespace AutoDiffGen.Tests.Gradients;

/// <summary>Checks that code allocates nothing once warmed up.</summary>
internal static class SteadyStateAllocation
{
    /// <summary>
    /// Runs <paramref name="action"/> in several rounds and requires a round that allocated nothing on this thread.
    /// The runtime's own tier-up bookkeeping can allocate once on whichever thread crosses a call-count threshold,
    /// at a moment that depends on timing (and on what else the test run is doing); an allocation made by the code
    /// under test would show in every round.
    /// </summary>
    public static void AssertNone(Action action, int rounds = 5)
    {
        var allocated = new long[rounds];
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            allocated[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.True(allocated.Min() == 0, $"allocated {string.Join(", ", allocated)} bytes in successive rounds");
    }
}
