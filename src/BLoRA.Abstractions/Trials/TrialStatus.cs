namespace BLoRA.Abstractions;

/// <summary>
/// A trial grain's durable view of its trial: state, the attempt count, the silo running it, the last
/// progress and checkpoint, and the result or the reason it failed or stopped.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.TrialStatus")]
public sealed record TrialStatus(
    [property: Id(0)] string TrialId,
    [property: Id(1)] TrialState State,
    [property: Id(2)] int Attempts,
    [property: Id(3)] string? Silo,
    [property: Id(4)] TrialProgress? LastProgress,
    [property: Id(5)] string? Checkpoint,
    [property: Id(6)] TrialResult? Result,
    [property: Id(7)] string? Reason)
{
    public bool IsTerminal => State is TrialState.Completed or TrialState.Failed or TrialState.Stopped;
}
