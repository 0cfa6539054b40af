namespace BLoRA.Abstractions;

/// <summary>
/// A progress report from a running trial. <see cref="PrimaryMetric"/> is set only on steps that
/// evaluated; <see cref="Checkpoint"/> only when the runner has just written a checkpoint that a
/// resumed attempt can start from.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.TrialProgress")]
public sealed record TrialProgress(
    [property: Id(0)] long Step,
    [property: Id(1)] long TotalSteps,
    [property: Id(2)] int Epoch,
    [property: Id(3)] double Loss,
    [property: Id(4)] double? PrimaryMetric,
    [property: Id(5)] double ExpectedBits,
    [property: Id(6)] double ExpectedRank,
    [property: Id(7)] double ExpectedRelativeBops,
    [property: Id(8)] string? Checkpoint);
