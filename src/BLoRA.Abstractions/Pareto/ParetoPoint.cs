using System.Collections.Immutable;

namespace BLoRA.Abstractions;

/// <summary>One trial on a sweep's frontier: its primary metric (maximised) and relative adapter BOPs (minimised).</summary>
[GenerateSerializer, Immutable, Alias("blora.ParetoPoint")]
public sealed record ParetoPoint(
    [property: Id(0)] string TrialId,
    [property: Id(1)] double Metric,
    [property: Id(2)] double RelativeBops,
    [property: Id(3)] ImmutableDictionary<string, string> Cell);
