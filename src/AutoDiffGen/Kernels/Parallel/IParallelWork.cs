namespace AutoDiffGen.Kernels;

/// <summary>
/// Work made of independent parts that <see cref="ParallelRunner"/> runs each exactly once, on whichever of its threads
/// claims it first. Every thread calls <see cref="Run"/> on the same instance, so the work must not change its own state.
/// </summary>
internal interface IParallelWork
{
    /// <summary>Runs part <paramref name="part"/> (<c>0 ≤ part &lt; parts</c>).</summary>
    void Run(int part);
}
