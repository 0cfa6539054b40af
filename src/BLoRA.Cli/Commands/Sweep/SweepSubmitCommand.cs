using System.ComponentModel;
using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands.Sweep;

/// <summary>`blora sweep submit FILE [--wait]`: validates the spec (every problem with file:line), submits it, optionally watches it.</summary>
internal sealed class SweepSubmitCommand(IAnsiConsole console, IClusterConnectionFactory connections) : ClusterCommand<SweepSubmitCommand.Settings>(console, connections)
{
    /// <summary>Exit code of --wait when the sweep finished with failed trials.</summary>
    public const int TrialsFailed = 5;

    internal sealed class Settings : ClusterSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The sweep spec (YAML or JSON; see examples/sweep-*.yaml).")]
        public string File { get; init; } = "";

        [CommandOption("--id <ID>")]
        [Description("The sweep id (default: the spec's id, else its name).")]
        public string? Id { get; init; }

        [CommandOption("--wait")]
        [Description("Watch the sweep until it finishes; exit code 5 when any trial failed.")]
        public bool Wait { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Validate before connecting: a bad file is reported even with no cluster running.
        try
        {
            SweepSpecFile.Load(settings.File);
        }
        catch (SpecFileException e)
        {
            Report(e);
            return 2;
        }

        return await base.ExecuteAsync(context, settings, cancellationToken);
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, Func<CancellationToken, Task<IClusterClient>> reconnect, CancellationToken cancellationToken)
    {
        var (spec, fileId) = SweepSpecFile.Load(settings.File);
        var id = settings.Id ?? fileId;
        var result = await SweepSubmission.SubmitAsync(client, id, spec);
        if (settings.Json && !settings.Wait)
        {
            JsonOutput.Write(Console, result);
        }
        else
        {
            var color = result.Outcome is SubmitOutcome.Created or SubmitOutcome.AlreadySubmitted ? "green" : "red";
            Console.MarkupLineInterpolated($"[{color}]{result.Outcome}[/]: sweep {id}: {result.Message}");
            foreach (var p in result.Problems)
            {
                Console.MarkupLineInterpolated($"  - {settings.File}: {p.Path}: {p.Message}");
            }
        }

        if (result.Outcome is SubmitOutcome.Invalid or SubmitOutcome.Conflict)
        {
            return 2;
        }

        if (settings.Wait)
        {
            var final = await SweepWatcher.WatchAsync(Console, reconnect, id, TimeSpan.FromSeconds(1), cancellationToken);
            if (settings.Json)
            {
                JsonOutput.Write(Console, final);
            }
            else if (final.Failed > 0)
            {
                Console.MarkupLineInterpolated($"[red]{final.Failed} of {final.Total} trial(s) failed[/]; `./blora sweep status {id}` shows why.");
            }

            return final.Failed > 0 ? TrialsFailed : 0;
        }

        return 0;
    }

    private void Report(SpecFileException e)
    {
        Console.MarkupLine("[red]error:[/] the sweep spec has problems:");
        foreach (var p in e.Problems)
        {
            Console.MarkupLineInterpolated($"  - {p}");
        }
    }
}
