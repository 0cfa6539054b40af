using BLoRA.Abstractions;

namespace BLoRA.Grains.Trials;

/// <summary>A trial grain's durable record.</summary>
[GenerateSerializer, Alias("blora.TrialGrainState")]
public sealed class TrialGrainState
{
    [Id(0)] public TrialSpec? Spec { get; set; }
    [Id(1)] public TrialState State { get; set; }
    [Id(2)] public int Attempts { get; set; }
    /// <summary>The silo of the current attempt, as <see cref="SiloAddress.ToParsableString"/>.</summary>
    [Id(3)] public string? Silo { get; set; }
    /// <summary>Identifies the current attempt's execution; reports from any other are stale.</summary>
    [Id(4)] public Guid ExecutionId { get; set; }
    [Id(5)] public TrialProgress? LastProgress { get; set; }
    [Id(6)] public string? Checkpoint { get; set; }
    [Id(7)] public TrialResult? Result { get; set; }
    [Id(8)] public string? Reason { get; set; }
    /// <summary>W3C traceparent of the sweep's submit span: every attempt's <c>trial.run</c> span is its child.</summary>
    [Id(9)] public string? TraceParent { get; set; }
}
