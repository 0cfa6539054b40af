namespace BLoRA.Abstractions;

/// <summary>
/// The hypervolume reference point: the worst metric and the most relative BOPs that still count.
/// The default (metric 0, relative BOPs 1) is "no better than chance-level zero, no cheaper than fp32".
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.ParetoReference")]
public sealed record ParetoReference([property: Id(0)] double Metric, [property: Id(1)] double RelativeBops)
{
    public static ParetoReference Default { get; } = new(0.0, 1.0);
}
