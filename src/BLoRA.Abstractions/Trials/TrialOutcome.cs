namespace BLoRA.Abstractions;

/// <summary>How one run of a trial ended: completed with a result, failed with a reason, or cancelled.</summary>
[GenerateSerializer, Immutable, Alias("blora.TrialOutcome")]
public sealed record TrialOutcome(
    [property: Id(0)] TrialOutcomeKind Kind,
    [property: Id(1)] TrialResult? Result,
    [property: Id(2)] string? Reason)
{
    public static TrialOutcome Completed(TrialResult result) => new(TrialOutcomeKind.Completed, result ?? throw new ArgumentNullException(nameof(result)), null);

    public static TrialOutcome Failed(string reason) => new(TrialOutcomeKind.Failed, null, reason);

    public static TrialOutcome Cancelled(string reason) => new(TrialOutcomeKind.Cancelled, null, reason);
}
