namespace BLoRA.Grains.Tests.Fakes;

/// <summary>One attempt the fake runner made: where, from which checkpoint, the last step it finished, and how it ended.</summary>
public sealed record FakeRun(string TrialId, int Attempt, string Silo, string? ResumeCheckpoint, long StartStep)
{
    private long lastStep = StartStep;

    public string Ending { get; set; } = "running";

    /// <summary>The last step this attempt finished (its start step until it finishes one).</summary>
    public long LastStep
    {
        get => Interlocked.Read(ref lastStep);
        set => Interlocked.Exchange(ref lastStep, value);
    }
}
