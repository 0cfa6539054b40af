using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace BLoRA.Telemetry;

/// <summary>
/// Process-wide trace export for a program without a host of its own (the <c>blora</c> command):
/// started first in Main, disposed (flushing) last; null when OTEL_* turns traces off. A silo hosted
/// in the same process (<c>blora dev</c>, <c>blora demo</c>) leaves its traces to it (so no span is
/// exported twice) and exports its own metrics and logs.
/// </summary>
public sealed class ProcessTelemetry : IDisposable
{
    private static ProcessTelemetry? current;
    private readonly ServiceProvider services;

    private ProcessTelemetry(IConfiguration configuration, string serviceName, string? instanceId)
    {
        // The same wiring as a silo's, traces only, in a container of its own.
        services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddBLoRATelemetry(configuration, new TelemetryExport(Traces: true, Metrics: false, Logs: false), serviceName, instanceId)
            .BuildServiceProvider();
        _ = services.GetRequiredService<TracerProvider>();
    }

    /// <summary>The running one, if any.</summary>
    public static ProcessTelemetry? Current => Volatile.Read(ref current);

    /// <summary>Starts exporting traces when the environment's OTEL_* variables turn them on; null otherwise.</summary>
    public static ProcessTelemetry? Start(string serviceName, string? instanceId = null)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return Start(configuration, TelemetryExport.FromConfiguration(configuration), serviceName, instanceId);
    }

    internal static ProcessTelemetry? Start(IConfiguration configuration, TelemetryExport export, string serviceName, string? instanceId)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (!export.Traces)
        {
            return null;
        }

        var started = new ProcessTelemetry(configuration, serviceName, instanceId);
        Volatile.Write(ref current, started);
        return started;
    }

    public void Dispose()
    {
        Interlocked.CompareExchange(ref current, null, this);
        services.Dispose();
    }
}
