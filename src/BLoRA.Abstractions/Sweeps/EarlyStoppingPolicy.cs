namespace BLoRA.Abstractions;

/// <summary>
/// Asynchronous successive halving (ASHA) on the primary metric at rungs of training steps
/// (<see cref="GraceSteps"/> x <see cref="ReductionFactor"/>^k), made multi-objective: a trial on or
/// within the tolerances of the rung's frontier of (metric, expected relative BOPs) is never stopped.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.EarlyStoppingPolicy")]
public sealed record EarlyStoppingPolicy
{
    /// <summary>No early stopping (the default).</summary>
    public static EarlyStoppingPolicy None { get; } = new();

    /// <summary>ASHA with the usual settings: first rung at 100 steps, keep the top third.</summary>
    public static EarlyStoppingPolicy Asha { get; } = new() { Kind = EarlyStoppingKind.Asha };

    [Id(0)] public EarlyStoppingKind Kind { get; init; } = EarlyStoppingKind.None;

    /// <summary>Steps every trial runs before it can be stopped: the first rung.</summary>
    [Id(1)] public int GraceSteps { get; init; } = 100;

    /// <summary>eta: rungs are eta times apart, and the top 1/eta at each rung continue.</summary>
    [Id(2)] public int ReductionFactor { get; init; } = 3;

    /// <summary>A trial within this much of the rung frontier's metric is "near" the frontier.</summary>
    [Id(3)] public double MetricTolerance { get; init; } = 0.01;

    /// <summary>... and within this much relative BOPs of it.</summary>
    [Id(4)] public double BopsTolerance { get; init; } = 0.02;
}
