using System.Collections.Immutable;
using BLoRA.Abstractions;

namespace BLoRA.Grains.Sweeps;

/// <summary>
/// A sweep's durable record of one trial. <see cref="State"/> Failed is final here (a failed attempt
/// with retries left goes back to Pending); Running holds a slot lease on <see cref="Silo"/>.
/// </summary>
[GenerateSerializer, Alias("blora.TrialRecord")]
public sealed class TrialRecord
{
    [NonSerialized]
    private ImmutableDictionary<string, string> cell = ImmutableDictionary<string, string>.Empty;

    [Id(0)] public required string TrialId { get; init; }
    [Id(1)] public int Index { get; init; }
    /// <summary>
    /// The trial's grid cell. Not persisted (id 2 is retired): the plan is a pure function of the spec,
    /// so the sweep sets it from the plan on activation, which keeps each state write smaller.
    /// </summary>
    public ImmutableDictionary<string, string> Cell { get => cell; set => cell = value; }
    [Id(3)] public TrialState State { get; set; }
    [Id(4)] public int Attempts { get; set; }
    [Id(5)] public SiloAddress? Silo { get; set; }
    [Id(6)] public TrialProgress? LastProgress { get; set; }
    [Id(7)] public TrialResult? Result { get; set; }
    [Id(8)] public string? Reason { get; set; }
    [Id(9)] public int HighestRung { get; set; } = -1;

    public bool IsFinal => State is TrialState.Completed or TrialState.Failed or TrialState.Stopped;

    public TrialSummary ToSummary() =>
        new(TrialId, Index, Cell, State, Attempts, Silo?.ToParsableString(), LastProgress, Result, Reason);
}
