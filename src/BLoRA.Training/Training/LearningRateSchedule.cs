namespace BLoRA.Training.Training;

/// <summary>Linear warmup then linear decay to zero, as a pure function of the step.</summary>
public static class LearningRateSchedule
{
    /// <summary>The multiplier of the base learning rate at <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double Multiplier(int step, int warmupSteps, int totalSteps)
    {
        if (step < warmupSteps)
        {
            return (step + 1.0) / warmupSteps;
        }

        var decaySteps = Math.Max(1, totalSteps - warmupSteps);
        return Math.Max(0.0, (double)(totalSteps - step) / decaySteps);
    }
}
