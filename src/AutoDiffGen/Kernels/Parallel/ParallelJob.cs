using System.Runtime.CompilerServices;

namespace AutoDiffGen.Kernels;

/// <summary>
/// How a worker thread calls work whose type only the caller knows: one instance per work type, created once, so
/// handing a job to the workers allocates nothing. The work itself stays in the caller's stack frame and is passed by
/// its address.
/// </summary>
internal abstract class ParallelJob
{
    /// <summary>Runs part <paramref name="part"/> of the work at stack address <paramref name="work"/>.</summary>
    public abstract void Run(nint work, int part);

    /// <summary>The address of <paramref name="work"/>, which must be a local or parameter: stack memory does not move.</summary>
    public static nint AddressOf<TWork>(ref TWork work)
        where TWork : allows ref struct
        => Unsafe.ByteOffset(ref Unsafe.NullRef<byte>(), ref Unsafe.As<TWork, byte>(ref work));
}

/// <summary>The <see cref="ParallelJob"/> for work of type <typeparamref name="TWork"/>.</summary>
internal sealed class ParallelJob<TWork> : ParallelJob
    where TWork : IParallelWork, allows ref struct
{
    /// <summary>The one instance, shared by every call.</summary>
    public static readonly ParallelJob<TWork> Instance = new();

    private ParallelJob()
    {
    }

    /// <inheritdoc/>
    // The work's spans are read through the caller's frame, whose references the GC updates if it moves their arrays;
    // once read, they are this thread's own references, which it tracks as well.
    public override void Run(nint work, int part)
        => Unsafe.As<byte, TWork>(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), work)).Run(part);
}
