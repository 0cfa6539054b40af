using System.Collections.Immutable;

namespace BLoRA.Abstractions;

/// <summary>The sweep's record of one trial.</summary>
[GenerateSerializer, Immutable, Alias("blora.TrialSummary")]
public sealed record TrialSummary(
    [property: Id(0)] string TrialId,
    [property: Id(1)] int Index,
    [property: Id(2)] ImmutableDictionary<string, string> Cell,
    [property: Id(3)] TrialState State,
    [property: Id(4)] int Attempts,
    [property: Id(5)] string? Silo,
    [property: Id(6)] TrialProgress? LastProgress,
    [property: Id(7)] TrialResult? Result,
    [property: Id(8)] string? Reason);
