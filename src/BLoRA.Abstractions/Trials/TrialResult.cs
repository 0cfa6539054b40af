using System.Collections.Immutable;

namespace BLoRA.Abstractions;

/// <summary>
/// The final result of a completed trial. <see cref="BudgetMet"/> is null when the trial had no BOP
/// budget. <see cref="Artifacts"/> maps an artifact name (adapter, checkpoint, metrics) to its
/// <see cref="IArtifactStore"/> key.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.TrialResult")]
public sealed record TrialResult(
    [property: Id(0)] ImmutableDictionary<string, double> Metrics,
    [property: Id(1)] string PrimaryMetricName,
    [property: Id(2)] double PrimaryMetric,
    [property: Id(3)] BopsReport Bops,
    [property: Id(4)] bool? BudgetMet,
    [property: Id(5)] ImmutableDictionary<string, int> RanksPerModule,
    [property: Id(6)] ImmutableDictionary<string, int> BitsPerTensor,
    [property: Id(7)] long Steps,
    [property: Id(8)] double Seconds,
    [property: Id(9)] ImmutableDictionary<string, string> Artifacts);
