using System.Collections.Immutable;

namespace BLoRA.Abstractions;

/// <summary>
/// What a sweep runs: one model on one task, trained with shared defaults, over the grid of
/// <see cref="Grid"/>. Validate with <see cref="SweepSpecValidator"/>; every problem comes back at once.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.SweepSpec")]
public sealed record SweepSpec
{
    /// <summary>Display name, e.g. <c>minilm-spam-budgets</c>.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>Model reference, e.g. <c>embedded:minilm</c> or a Hugging Face directory.</summary>
    [Id(1)] public required string ModelRef { get; init; }

    /// <summary>Task reference, e.g. <c>spam</c> or a GLUE task name.</summary>
    [Id(2)] public required string TaskRef { get; init; }

    /// <summary>Adapter and training defaults by trainer option name (rank, lr, epochs, maxSteps, batchSize...).</summary>
    [Id(3)] public ImmutableDictionary<string, string> Options { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The axes whose cartesian product is the set of trials.</summary>
    [Id(4)] public SweepGrid Grid { get; init; } = new();

    /// <summary>Worker slots (GPUs, or CPU worker slots) one trial occupies.</summary>
    [Id(5)] public int GpuSlotsPerTrial { get; init; } = 1;

    /// <summary>Early stopping; off unless opted in.</summary>
    [Id(6)] public EarlyStoppingPolicy EarlyStopping { get; init; } = EarlyStoppingPolicy.None;

    /// <summary>At most this many trials of the sweep run at once.</summary>
    [Id(7)] public int MaxConcurrentTrials { get; init; } = 4;

    /// <summary>A failed trial is started again this many times before it counts as failed.</summary>
    [Id(8)] public int MaxRetries { get; init; } = 2;

    /// <summary>The point the frontier's hypervolume is measured against.</summary>
    [Id(9)] public ParetoReference Reference { get; init; } = ParetoReference.Default;
}
