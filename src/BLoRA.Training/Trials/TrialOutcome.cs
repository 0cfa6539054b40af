using BLoRA.Training.Training;

namespace BLoRA.Training.Trials;

/// <summary>A finished trial: its result and where its artifacts were written.</summary>
public sealed record TrialOutcome(TrainingResult Result, string? AdapterDirectory, string? CheckpointDirectory);
