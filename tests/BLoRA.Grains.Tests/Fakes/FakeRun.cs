namespace BLoRA.Grains.Tests.Fakes;

/// <summary>One attempt the fake runner made: where, from which checkpoint, and how it ended.</summary>
public sealed record FakeRun(string TrialId, int Attempt, string Silo, string? ResumeCheckpoint, long StartStep)
{
    public string Ending { get; set; } = "running";
}
