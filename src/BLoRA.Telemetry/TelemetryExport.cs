using Microsoft.Extensions.Configuration;

namespace BLoRA.Telemetry;

/// <summary>
/// Which signals a process exports over OTLP, from the standard OpenTelemetry variables: a signal is
/// exported when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or its own <c>OTEL_EXPORTER_OTLP_{TRACES|METRICS|LOGS}_ENDPOINT</c>
/// is set, unless <c>OTEL_{TRACES|METRICS|LOGS}_EXPORTER=none</c> or <c>OTEL_SDK_DISABLED=true</c>. With none
/// set nothing is registered at all: no listener, so spans and instruments cost one check each.
/// </summary>
public sealed record TelemetryExport(bool Traces, bool Metrics, bool Logs)
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static TelemetryExport None { get; } = new(false, false, false);

    public bool Any => Traces || Metrics || Logs;

    /// <summary>Reads the OTEL_* keys of <paramref name="configuration"/> (environment variables in every host here).</summary>
    public static TelemetryExport FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.Equals(configuration["OTEL_SDK_DISABLED"]?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        var all = IsSet(configuration[EndpointVariable]);
        bool Signal(string name) =>
            (all || IsSet(configuration[$"OTEL_EXPORTER_OTLP_{name}_ENDPOINT"]))
            && !string.Equals(configuration[$"OTEL_{name}_EXPORTER"]?.Trim(), "none", StringComparison.OrdinalIgnoreCase);
        return new TelemetryExport(Signal("TRACES"), Signal("METRICS"), Signal("LOGS"));
    }

    private static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);
}
