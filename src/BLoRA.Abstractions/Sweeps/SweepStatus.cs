namespace BLoRA.Abstractions;

/// <summary>
/// A sweep at a glance: its state, trial counts by state, worker availability and the current frontier.
/// <see cref="Version"/> changes whenever any of these does (see <see cref="ISweepGrain.WaitForChangeAsync"/>).
/// <see cref="StorageProblem"/> is set while the sweep's writes to grain storage fail (storage
/// unavailable): the sweep keeps running from memory and retries the write every pass.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.SweepStatus")]
public sealed record SweepStatus(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string? Name,
    [property: Id(2)] SweepState State,
    [property: Id(3)] string? Reason,
    [property: Id(4)] int Total,
    [property: Id(5)] int Pending,
    [property: Id(6)] int Running,
    [property: Id(7)] int Completed,
    [property: Id(8)] int Failed,
    [property: Id(9)] int Stopped,
    [property: Id(10)] ParetoFront? Front,
    [property: Id(11)] string? StorageProblem = null,
    [property: Id(12)] long Version = 0)
{
    public bool IsFinished => State is SweepState.Completed or SweepState.Cancelled;
}
