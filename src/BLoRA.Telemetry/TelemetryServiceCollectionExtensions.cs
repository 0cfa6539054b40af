using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace BLoRA.Telemetry;

/// <summary>Wires OpenTelemetry into a host (silos): OTLP export of the signals that OTEL_* turns on, nothing otherwise.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Exports traces (<see cref="TelemetryNames.Sources"/>), metrics (<see cref="TelemetryNames.Meters"/>)
    /// and logs (the host's ILogger, formatted message and scopes included, next to its other log
    /// providers) over OTLP, each only when <see cref="TelemetryExport.FromConfiguration"/> says so; the
    /// exporter reads the rest (protocol, headers, per-signal endpoints, intervals) from the same OTEL_*
    /// variables. With none set nothing is registered. In a process whose <see cref="ProcessTelemetry"/>
    /// already exports traces (the CLI hosting a dev silo), only metrics and logs are added here.
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

        return services.AddBLoRATelemetry(export, serviceName, instanceId);
    }

    internal static IServiceCollection AddBLoRATelemetry(this IServiceCollection services, TelemetryExport export, string serviceName, string? instanceId)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!export.Any)
        {
            return services;
        }

        var otel = services.AddOpenTelemetry().ConfigureResource(r => r.AddBLoRAService(serviceName, instanceId));
        if (export.Traces)
        {
            otel.WithTracing(t => t.AddBLoRASources());
        }

        if (export.Metrics)
        {
            otel.WithMetrics(m => m.AddBLoRAMeters());
        }

        if (export.Logs)
        {
            otel.WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });
        }

        // One OTLP exporter for the signals enabled above; it honours OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_* too.
        otel.UseOtlpExporter();
        return services;
    }
}
