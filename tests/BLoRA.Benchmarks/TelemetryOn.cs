using BLoRA.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BLoRA.Benchmarks;

/// <summary>
/// For <c>--telemetry</c>: every span and instrument observed as an OTLP export would observe them
/// (all spans sampled into a batch processor, metrics read every second), with exporters that drop
/// what they get, so the figure is the instrumentation's cost without a network.
/// </summary>
internal sealed class TelemetryOn : IDisposable
{
    private readonly TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
        .AddBLoRASources()
        .AddProcessor(new BatchActivityExportProcessor(new Discard<System.Diagnostics.Activity>()))
        .Build();

    private readonly MeterProvider metrics = Sdk.CreateMeterProviderBuilder()
        .AddBLoRAMeters()
        .AddReader(new PeriodicExportingMetricReader(new Discard<Metric>(), exportIntervalMilliseconds: 1000))
        .Build();

    public void Dispose()
    {
        tracing.Dispose();
        metrics.Dispose();
    }

    private sealed class Discard<T> : BaseExporter<T>
        where T : class
    {
        public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
    }
}
