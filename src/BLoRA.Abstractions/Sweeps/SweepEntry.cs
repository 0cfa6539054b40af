namespace BLoRA.Abstractions;

/// <summary>A sweep in the registry: id, name and when it was submitted.</summary>
[GenerateSerializer, Immutable, Alias("blora.SweepEntry")]
public sealed record SweepEntry(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset SubmittedAt);
