using System.ComponentModel;
using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands.Sweep;

/// <summary>`blora sweep pareto ID [--plot FILE.png|FILE.svg] [--csv FILE]`: the frontier, as a table, a plot and a CSV.</summary>
internal sealed class SweepParetoCommand(IAnsiConsole console, IClusterConnectionFactory connections) : ClusterCommand<SweepParetoCommand.Settings>(console, connections)
{
    internal sealed class Settings : SweepIdSettings
    {
        [CommandOption("--plot <FILE>")]
        [Description("Write accuracy vs relative BOPs, frontier highlighted, every trial labelled (.png or .svg).")]
        public string? Plot { get; init; }

        [CommandOption("--csv <FILE>")]
        [Description("Write one row per completed trial (grid cell, metric, BOPs, on_frontier).")]
        public string? Csv { get; init; }

        public override ValidationResult Validate() =>
            Plot is not null && !Plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !Plot.EndsWith(".svg", StringComparison.OrdinalIgnoreCase)
                ? ValidationResult.Error($"--plot: '{Plot}' must end in .png or .svg.")
                : ValidationResult.Success();
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, Func<CancellationToken, Task<IClusterClient>> reconnect, CancellationToken cancellationToken)
    {
        if (await FindSweepAsync(client, settings.SweepId) is null)
        {
            return NoSuchSweep;
        }

        var grain = client.GetGrain<ISweepGrain>(settings.SweepId);

        var front = await grain.GetFrontAsync();
        var trials = await grain.GetTrialsAsync();
        if (settings.Csv is { } csv)
        {
            await File.WriteAllTextAsync(csv, FrontierFiles.Csv(trials, front), cancellationToken);
        }

        if (settings.Plot is { } plot)
        {
            FrontierFiles.Plot(trials, front, plot);
        }

        if (settings.Json)
        {
            JsonOutput.Write(Console, front);
            return 0;
        }

        Console.Write(SweepViews.Front(front));
        foreach (var (what, path) in new[] { ("plot", settings.Plot), ("CSV", settings.Csv) })
        {
            if (path is not null)
            {
                Console.MarkupLineInterpolated($"{what}: {Path.GetFullPath(path)}");
            }
        }

        return 0;
    }
}
