using System.Collections.Immutable;

namespace BLoRA.Abstractions;

/// <summary>
/// One cell of a sweep's grid, ready to run: what a <see cref="ITrialRunner"/> receives.
/// <see cref="Options"/> is the sweep's defaults overridden by the cell's extra-axis values.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.TrialSpec")]
public sealed record TrialSpec(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string TrialId,
    [property: Id(2)] int Index,
    [property: Id(3)] ImmutableDictionary<string, string> Cell,
    [property: Id(4)] string ModelRef,
    [property: Id(5)] string TaskRef,
    [property: Id(6)] double PriorStrength,
    [property: Id(7)] double? BopBudget,
    [property: Id(8)] int Seed,
    [property: Id(9)] ImmutableDictionary<string, string> Options,
    [property: Id(10)] int GpuSlots);
