namespace BLoRA.Abstractions;

/// <summary>One attempt at a trial: the spec, the attempt number (1-based) and the checkpoint to resume from.</summary>
public sealed record TrialRun(TrialSpec Spec, int Attempt, string? ResumeCheckpoint);
