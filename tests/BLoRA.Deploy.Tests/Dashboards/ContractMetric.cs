namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>A metric as Prometheus stores it: base name (with unit suffix), kind, and its own labels.</summary>
internal sealed record ContractMetric(string Name, MetricKind Kind, IReadOnlyList<string> Labels, string? OrleansInstrument = null)
{
    /// <summary>Every series name Prometheus has for it.</summary>
    public IEnumerable<string> SeriesNames => Kind switch
    {
        MetricKind.Counter => [Name + "_total"],
        MetricKind.Histogram => [Name + "_bucket", Name + "_sum", Name + "_count"],
        _ => [Name],
    };
}
