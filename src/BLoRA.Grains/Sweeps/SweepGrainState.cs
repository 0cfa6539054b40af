using BLoRA.Abstractions;

namespace BLoRA.Grains.Sweeps;

/// <summary>A sweep grain's durable record: the spec and its fingerprint, the state, every trial, the ASHA rungs.</summary>
[GenerateSerializer, Alias("blora.SweepGrainState")]
public sealed class SweepGrainState
{
    [Id(0)] public SweepSpec? Spec { get; set; }
    [Id(1)] public string? Fingerprint { get; set; }
    [Id(2)] public SweepState State { get; set; }
    [Id(3)] public string? Reason { get; set; }
#pragma warning disable CA1002, CA2227 // A mutable, serialized state record.
    [Id(4)] public List<TrialRecord> Trials { get; set; } = [];
    [Id(5)] public List<RungRecord> Rungs { get; set; } = [];
#pragma warning restore CA1002, CA2227
    [Id(6)] public DateTimeOffset SubmittedAt { get; set; }
    [Id(7)] public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>W3C traceparent of the submit span: the sweep's trials (started later, from timers) join its trace.</summary>
    [Id(8)] public string? TraceParent { get; set; }
}
