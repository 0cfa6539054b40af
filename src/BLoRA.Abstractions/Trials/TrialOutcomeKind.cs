namespace BLoRA.Abstractions;

[GenerateSerializer, Alias("blora.TrialOutcomeKind")]
public enum TrialOutcomeKind
{
    Completed = 0,
    Failed = 1,
    Cancelled = 2,
}
