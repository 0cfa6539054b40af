namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>How an OpenTelemetry instrument lands in Prometheus.</summary>
internal enum MetricKind
{
    /// <summary>Gauges and up-down counters: one series per label set, no suffix.</summary>
    Gauge,

    /// <summary>Monotonic counters: <c>_total</c>.</summary>
    Counter,

    /// <summary>Explicit-bucket histograms: <c>_bucket</c> (with <c>le</c>), <c>_sum</c>, <c>_count</c>.</summary>
    Histogram,
}
