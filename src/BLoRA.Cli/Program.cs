using System.Runtime.InteropServices;
using BLoRA.Cli.Infrastructure;
using BLoRA.Telemetry;
using Spectre.Console;

// Ctrl+C (SIGINT) and SIGTERM both cancel the running command, which then stops what it started
// (the demo's in-process silo, a dev cluster, a trial) instead of being killed mid-write.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
// Traces and metrics go out over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT (or a signal's own) is set.
using var telemetry = ProcessTelemetry.Start(TelemetryNames.CliService);
var app = CliApp.Create(AnsiConsole.Console, CliConfiguration.Build());
return await app.RunTracedAsync(args, stop.Token);
