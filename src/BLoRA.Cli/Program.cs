using System.Runtime.InteropServices;
using BLoRA.Cli.Infrastructure;
using Spectre.Console;

// Ctrl+C (SIGINT) and SIGTERM both cancel the running command, which then stops what it started
// (the demo's in-process silo, a dev cluster, a trial) instead of being killed mid-write.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
var app = CliApp.Create(AnsiConsole.Console, CliConfiguration.Build());
return await app.RunAsync(args, stop.Token);
