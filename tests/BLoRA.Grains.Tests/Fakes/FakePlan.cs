namespace BLoRA.Grains.Tests.Fakes;

/// <summary>How the fake runner behaves for one trial.</summary>
public sealed record FakePlan(int TotalSteps, TimeSpan StepDelay, int CheckpointEvery = 0, int EvalEvery = 0, int FailAttempts = 0)
{
    public static FakePlan Quick { get; } = new(4, TimeSpan.FromMilliseconds(20));
}
