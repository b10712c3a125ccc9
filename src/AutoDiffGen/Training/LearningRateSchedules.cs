namespace AutoDiffGen.Training;

/// <summary>A learning rate for each step (from 0): set <c>optimizer.LearningRate = schedule.At(step)</c> before each step.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate of step <paramref name="step"/>, counted from 0.</summary>
    double At(int step);
}

/// <summary>PyTorch's <c>StepLR</c>: <c>rate · γ^⌊step / every⌋</c>.</summary>
/// <param name="Rate">The first rate.</param>
/// <param name="Every">How many steps between decays.</param>
/// <param name="Gamma">The factor at each decay.</param>
public sealed record StepSchedule(double Rate, int Every, double Gamma) : ILearningRateSchedule
{
    /// <inheritdoc/>
    public double At(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (Every <= 0) throw new InvalidOperationException($"A step schedule decays every {Every} steps; it must be at least 1.");
        return Rate * Math.Pow(Gamma, step / Every);
    }
}

/// <summary>
/// Linear warm-up from 0 to <paramref name="Rate"/> over <paramref name="WarmupSteps"/>, then a cosine decay to
/// <paramref name="MinimumRate"/> at <paramref name="TotalSteps"/>, and the minimum after (as in GPT-2 and nanoGPT).
/// </summary>
/// <param name="Rate">The peak rate, reached at the end of the warm-up.</param>
/// <param name="WarmupSteps">Steps of linear warm-up.</param>
/// <param name="TotalSteps">The step at which the decay reaches the minimum.</param>
/// <param name="MinimumRate">The rate at the end.</param>
public sealed record CosineSchedule(double Rate, int WarmupSteps, int TotalSteps, double MinimumRate = 0) : ILearningRateSchedule
{
    /// <inheritdoc/>
    public double At(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps) return Rate * (step + 1) / WarmupSteps;
        if (step >= TotalSteps) return MinimumRate;
        double progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return MinimumRate + 0.5 * (Rate - MinimumRate) * (1 + Math.Cos(Math.PI * progress));
    }
}
