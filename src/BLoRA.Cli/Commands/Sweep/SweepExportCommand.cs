using System.ComponentModel;
using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands.Sweep;

/// <summary>
/// `blora sweep export ID DIR`: status.json, trials.json, frontier.json, frontier.csv and frontier.png,
/// plus every artifact of the sweep (adapters, results, checkpoints) when the CLI is configured with
/// the cluster's artifact store (BLoRA:Artifacts).
/// </summary>
internal sealed class SweepExportCommand(IAnsiConsole console, IClusterConnectionFactory connections, IArtifactStore? artifacts = null) : ClusterCommand<SweepExportCommand.Settings>(console, connections)
{
    internal sealed class Settings : SweepIdSettings
    {
        [CommandArgument(1, "<DIR>")]
        [Description("Where to write the export (created if missing).")]
        public string Directory { get; init; } = "";
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, Func<CancellationToken, Task<IClusterClient>> reconnect, CancellationToken cancellationToken)
    {
        if (await FindSweepAsync(client, settings.SweepId) is not { } status)
        {
            return NoSuchSweep;
        }

        var grain = client.GetGrain<ISweepGrain>(settings.SweepId);

        var trials = await grain.GetTrialsAsync();
        var front = await grain.GetFrontAsync();
        var dir = settings.Directory;
        System.IO.Directory.CreateDirectory(dir);
        await WriteJsonAsync(Path.Combine(dir, "status.json"), status, cancellationToken);
        await WriteJsonAsync(Path.Combine(dir, "trials.json"), trials, cancellationToken);
        await WriteJsonAsync(Path.Combine(dir, "frontier.json"), front, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(dir, "frontier.csv"), FrontierFiles.Csv(trials, front), cancellationToken);
        FrontierFiles.Plot(trials, front, Path.Combine(dir, "frontier.png"));
        var copied = 0;
        if (artifacts is not null)
        {
            await foreach (var artifact in artifacts.ListAsync(ArtifactKeys.Sweep(settings.SweepId) + "/", cancellationToken))
            {
                await using var source = await artifacts.OpenReadAsync(artifact.Key, cancellationToken);
                if (source is null)
                {
                    continue;
                }

                var target = Path.Combine(dir, "artifacts", artifact.Key.Replace('/', Path.DirectorySeparatorChar));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var file = File.Create(target);
                await source.CopyToAsync(file, cancellationToken);
                copied++;
            }
        }

        if (settings.Json)
        {
            JsonOutput.Write(Console, new { directory = Path.GetFullPath(dir), artifacts = copied });
        }
        else
        {
            Console.MarkupLineInterpolated($"exported sweep {settings.SweepId} to {Path.GetFullPath(dir)} (status, trials, frontier JSON/CSV/PNG; {copied} artifacts{(artifacts is null ? ": configure BLoRA:Artifacts to copy adapters and results" : "")})");
        }

        return 0;
    }

    private static async Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(value, JsonOutput.Options), cancellationToken);
}
