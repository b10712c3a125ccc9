using System.Numerics;

namespace AutoDiffGen.Kernels;

/// <summary>The overlap checks batch and layer normalization share: no output may share memory with an input or another output.</summary>
internal static class NormalizationArguments
{
    /// <summary>Throws when <paramref name="y"/>, <paramref name="xhat"/> or <paramref name="invStd"/> overlaps an input or one another.</summary>
    public static void CheckForwardOverlaps<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias,
        ReadOnlySpan<T> y, ReadOnlySpan<T> xhat, ReadOnlySpan<T> invStd)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAgainstInputs(y, nameof(y), x, gain, bias);
        CheckAgainstInputs(xhat, nameof(xhat), x, gain, bias);
        CheckAgainstInputs(invStd, nameof(invStd), x, gain, bias);
        KernelArguments.Disjoint(y, nameof(y), xhat, nameof(xhat));
        KernelArguments.Disjoint(y, nameof(y), invStd, nameof(invStd));
        KernelArguments.Disjoint(xhat, nameof(xhat), invStd, nameof(invStd));

        static void CheckAgainstInputs(ReadOnlySpan<T> output, string name, ReadOnlySpan<T> x, ReadOnlySpan<T> gain, ReadOnlySpan<T> bias)
        {
            KernelArguments.Disjoint(output, name, x, nameof(x));
            KernelArguments.Disjoint(output, name, gain, nameof(gain));
            KernelArguments.Disjoint(output, name, bias, nameof(bias));
        }
    }

    /// <summary>Throws when <paramref name="dx"/>, <paramref name="dGain"/> or <paramref name="dBias"/> overlaps an input or one another.</summary>
    public static void CheckBackwardOverlaps<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> invStd, ReadOnlySpan<T> gain,
        ReadOnlySpan<T> dx, ReadOnlySpan<T> dGain, ReadOnlySpan<T> dBias)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckAgainstInputs(dx, nameof(dx), g, xhat, invStd, gain);
        CheckAgainstInputs(dGain, nameof(dGain), g, xhat, invStd, gain);
        CheckAgainstInputs(dBias, nameof(dBias), g, xhat, invStd, gain);
        KernelArguments.Disjoint(dx, nameof(dx), dGain, nameof(dGain));
        KernelArguments.Disjoint(dx, nameof(dx), dBias, nameof(dBias));
        KernelArguments.Disjoint(dGain, nameof(dGain), dBias, nameof(dBias));

        static void CheckAgainstInputs(ReadOnlySpan<T> output, string name, ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> invStd, ReadOnlySpan<T> gain)
        {
            KernelArguments.Disjoint(output, name, g, nameof(g));
            KernelArguments.Disjoint(output, name, xhat, nameof(xhat));
            KernelArguments.Disjoint(output, name, invStd, nameof(invStd));
            KernelArguments.Disjoint(output, name, gain, nameof(gain));
        }
    }
}
