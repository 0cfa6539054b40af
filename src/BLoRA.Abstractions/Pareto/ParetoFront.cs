using System.Collections.Immutable;

namespace BLoRA.Abstractions;

/// <summary>
/// A sweep's Pareto frontier of (primary metric, maximised) against (relative adapter BOPs, minimised),
/// points ordered by relative BOPs ascending, with the dominated hypervolume against <see cref="Reference"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.ParetoFront")]
public sealed record ParetoFront(
    [property: Id(0)] string MetricName,
    [property: Id(1)] ImmutableArray<ParetoPoint> Points,
    [property: Id(2)] double Hypervolume,
    [property: Id(3)] ParetoReference Reference)
{
    public static ParetoFront Empty(string metricName, ParetoReference reference) => new(metricName, [], 0.0, reference);
}
