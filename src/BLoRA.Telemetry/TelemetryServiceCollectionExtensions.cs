using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BLoRA.Telemetry;

/// <summary>Wires OpenTelemetry into a host (silos): OTLP export of the signals that OTEL_* turns on, nothing otherwise.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Exports traces (<see cref="TelemetryNames.Sources"/>), metrics (<see cref="TelemetryNames.Meters"/>)
    /// and logs (the host's ILogger, formatted message and scopes included, next to its other log
    /// providers) over OTLP, each only when <see cref="TelemetryExport.FromConfiguration"/> says so; the
    /// exporter reads the rest (protocol, headers, timeout, intervals) from the same OTEL_* variables,
    /// a signal's own <c>OTEL_EXPORTER_OTLP_{SIGNAL}_*</c> first. With none set nothing is registered.
    /// In a process whose <see cref="ProcessTelemetry"/> already exports traces (the CLI hosting a dev
    /// silo), only metrics and logs are added here.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration (environment variables included).</param>
    /// <param name="serviceName"><see cref="TelemetryNames.SiloService"/> or <see cref="TelemetryNames.CliService"/>.</param>
    /// <param name="instanceId">service.instance.id (default: the host name).</param>
    public static IServiceCollection AddBLoRATelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, string? instanceId = null)
    {
        var export = TelemetryExport.FromConfiguration(configuration);
        if (ProcessTelemetry.Current is not null)
        {
            export = export with { Traces = false };
        }

        return services.AddBLoRATelemetry(configuration, export, serviceName, instanceId);
    }

    internal static IServiceCollection AddBLoRATelemetry(this IServiceCollection services, IConfiguration configuration, TelemetryExport export, string serviceName, string? instanceId)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!export.Any)
        {
            return services;
        }

        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddBLoRAService(serviceName, instanceId));
        if (export.Traces)
        {
            otel.WithTracing(t => t.AddBLoRASources().AddOtlpExporter(o => ApplySignal(o, configuration, "TRACES")));
        }

        if (export.Metrics)
        {
            otel.WithMetrics(m => m.AddBLoRAMeters().AddOtlpExporter(o => ApplySignal(o, configuration, "METRICS")));
        }

        if (export.Logs)
        {
            otel.WithLogging(l => l.AddOtlpExporter(o => ApplySignal(o, configuration, "LOGS")), o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
        }

        return services;
    }

    /// <summary>
    /// A signal's own variables over the general ones (the exporter reads those itself): endpoint (a full
    /// URL, used as given), protocol, headers, timeout.
    /// </summary>
    internal static void ApplySignal(OtlpExporterOptions options, IConfiguration configuration, string signal)
    {
        string? Value(string name) => configuration[$"OTEL_EXPORTER_OTLP_{signal}_{name}"]?.Trim() is { Length: > 0 } v ? v : null;
        switch (Value("PROTOCOL"))
        {
            case "grpc":
                options.Protocol = OtlpExportProtocol.Grpc;
                break;
            case "http/protobuf":
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                break;
        }

        if (Value("ENDPOINT") is { } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            options.Endpoint = uri;
        }

        if (Value("HEADERS") is { } headers)
        {
            options.Headers = headers;
        }

        if (int.TryParse(Value("TIMEOUT"), System.Globalization.CultureInfo.InvariantCulture, out var timeout))
        {
            options.TimeoutMilliseconds = timeout;
        }
    }
}
