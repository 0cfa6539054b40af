using System.ComponentModel;
using BLoRA.Cli.Cluster;
using BLoRA.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands;

/// <summary>`blora dev`: a local single-silo cluster in the foreground (coordinator + worker, dashboard on localhost).</summary>
internal sealed class DevCommand(IAnsiConsole console) : AsyncCommand<DevCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--slots <N>")]
        [Description("Trials this silo runs at once (default 1).")]
        public int Slots { get; init; } = 1;

        [CommandOption("--device <DEVICE>")]
        [Description("cpu | cuda | cuda:N (default cpu).")]
        public string Device { get; init; } = "cpu";

        [CommandOption("--gateway-port <PORT>")]
        public int GatewayPort { get; init; } = 30000;

        [CommandOption("--silo-port <PORT>")]
        public int SiloPort { get; init; } = 11111;

        [CommandOption("--dashboard-port <PORT>")]
        public int DashboardPort { get; init; } = 8080;

        [CommandOption("--artifacts <DIR>")]
        [Description("Where checkpoints, adapters and results go (default ./.blora/artifacts).")]
        public string? Artifacts { get; init; }

        [CommandOption("--storage <CONNECTION>")]
        [Description("Azure storage connection string for sweep state and reminders (Azurite: UseDevelopmentStorage=true), so sweeps survive a restart; default: in memory.")]
        public string? Storage { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var dev = new DevClusterSettings
        {
            Slots = settings.Slots,
            Device = settings.Device,
            GatewayPort = settings.GatewayPort,
            SiloPort = settings.SiloPort,
            DashboardPort = settings.DashboardPort,
            ArtifactsDirectory = settings.Artifacts ?? new DevClusterSettings().ArtifactsDirectory,
            StorageConnectionString = settings.Storage,
        };
        Microsoft.AspNetCore.Builder.WebApplication app;
        try
        {
            app = await DevCluster.StartAsync(dev, cancellationToken);
        }
        catch (SiloConfigurationException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }

        await using (app)
        {
            console.MarkupLine("[green]dev cluster ready[/]");
            console.MarkupLineInterpolated($"  gateway:   127.0.0.1:{dev.GatewayPort}   (./blora sweep submit examples/sweep-minilm-spam.yaml --wait)");
            console.MarkupLineInterpolated($"  dashboard: http://127.0.0.1:{dev.DashboardPort}/");
            console.MarkupLineInterpolated($"  worker:    {dev.Slots} slot(s) on {dev.Device}; artifacts in {dev.ArtifactsDirectory}");
            console.MarkupLineInterpolated($"  state:     {(dev.StorageConnectionString is null ? "in memory (lost when it stops; --storage keeps it)" : "Azure storage (sweeps resume after a restart)")}");
            console.MarkupLine("  Ctrl+C or SIGTERM stops it (running trials checkpoint first).");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None);
        }

        return 0;
    }
}
