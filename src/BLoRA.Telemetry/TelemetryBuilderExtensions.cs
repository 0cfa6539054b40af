using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BLoRA.Telemetry;

/// <summary>What every BLoRA process subscribes to: our source and meter plus Orleans' own, and its resource.</summary>
public static class TelemetryBuilderExtensions
{
    /// <summary>Subscribes <see cref="TelemetryNames.Sources"/> (ours and Orleans' grain-call sources).</summary>
    public static TracerProviderBuilder AddBLoRASources(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource([.. TelemetryNames.Sources]);
    }

    /// <summary>
    /// Series one of our instruments may keep. Labels are bounded (a trial id within its sweep's grid),
    /// but a long-lived worker keeps every trial it ran: room for that, above the SDK's default of 2,000.
    /// </summary>
    public const int CardinalityLimit = 20_000;

    /// <summary>Subscribes <see cref="TelemetryNames.Meters"/> (ours and Orleans').</summary>
    public static MeterProviderBuilder AddBLoRAMeters(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter([.. TelemetryNames.Meters])
            .AddView(i => i.Meter.Name == TelemetryNames.Source ? new MetricStreamConfiguration { CardinalityLimit = CardinalityLimit } : null);
    }

    /// <summary>service.name = <paramref name="serviceName"/>; service.instance.id = <paramref name="instanceId"/> or the host name.</summary>
    public static ResourceBuilder AddBLoRAService(this ResourceBuilder builder, string serviceName, string? instanceId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddService(
            serviceName,
            serviceVersion: typeof(TelemetryBuilderExtensions).Assembly.GetName().Version?.ToString(),
            autoGenerateServiceInstanceId: false,
            serviceInstanceId: instanceId ?? Environment.MachineName);
    }
}
