using System.Collections.Immutable;

namespace BLoRA.Abstractions;

/// <summary>
/// The grid axes of a sweep. The trials are the cartesian product of every axis, in the order
/// prior strength, BOP budget, extra axes (by name, ordinal), seeds.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.SweepGrid")]
public sealed record SweepGrid
{
    /// <summary>Axis names as they appear in a trial's grid cell and in validation paths.</summary>
    public const string PriorStrengthAxis = "priorStrength";

    /// <inheritdoc cref="PriorStrengthAxis"/>
    public const string BopBudgetAxis = "bopBudget";

    /// <inheritdoc cref="PriorStrengthAxis"/>
    public const string SeedAxis = "seed";

    /// <summary>The B-LoRA prior strength (lambda) values; each must be finite and &gt; 0.</summary>
    [Id(0)] public ImmutableArray<double> PriorStrength { get; init; } = [1.0];

    /// <summary>Maximum relative adapter BOPs in (0, 1]; <c>null</c> means no budget.</summary>
    [Id(1)] public ImmutableArray<double?> BopBudget { get; init; } = [null];

    /// <summary>Random seeds, one trial each per cell.</summary>
    [Id(2)] public ImmutableArray<int> Seeds { get; init; } = [0];

    /// <summary>Any trainer option as an extra axis: option name to the values to try.</summary>
    [Id(3)] public ImmutableDictionary<string, ImmutableArray<string>> Extra { get; init; } =
        ImmutableDictionary<string, ImmutableArray<string>>.Empty;
}
