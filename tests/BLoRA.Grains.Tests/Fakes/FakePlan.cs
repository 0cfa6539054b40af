namespace BLoRA.Grains.Tests.Fakes;

/// <summary>
/// How the fake runner behaves for one trial. <paramref name="Throw"/>, given the attempt number, may
/// return an exception for the runner to throw after its steps (a crash, an out-of-memory error).
/// With <paramref name="HoldAtStep"/> and <paramref name="Release"/>, a first attempt stops after reporting
/// that step until <paramref name="Release"/> completes (or the run is cancelled), so a test can act while
/// trials are known to be mid-run instead of racing their end.
/// </summary>
public sealed record FakePlan(
    int TotalSteps, TimeSpan StepDelay, int CheckpointEvery = 0, int EvalEvery = 0, int FailAttempts = 0, Func<int, Exception?>? Throw = null,
    int HoldAtStep = 0, Task? Release = null)
{
    public static FakePlan Quick { get; } = new(4, TimeSpan.FromMilliseconds(20));

    /// <summary>Returns at once (load tests).</summary>
    public static FakePlan NoOp { get; } = new(0, TimeSpan.Zero);
}
