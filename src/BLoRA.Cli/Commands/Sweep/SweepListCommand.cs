using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Sweeps;
using Spectre.Console;

namespace BLoRA.Cli.Commands.Sweep;

/// <summary>`blora sweep list`: every sweep the cluster knows, with its state and counts.</summary>
internal sealed class SweepListCommand(IAnsiConsole console, IClusterConnectionFactory connections) : ClusterCommand<ClusterSettings>(console, connections)
{
    protected override async Task<int> RunAsync(IClusterClient client, ClusterSettings settings, Func<CancellationToken, Task<IClusterClient>> reconnect, CancellationToken cancellationToken)
    {
        var entries = await client.GetGrain<ISweepRegistryGrain>(0).ListAsync();
        var statuses = new List<(SweepEntry Entry, SweepStatus Status)>();
        foreach (var entry in entries)
        {
            statuses.Add((entry, await client.GetGrain<ISweepGrain>(entry.SweepId).GetStatusAsync()));
        }

        if (settings.Json)
        {
            JsonOutput.Write(Console, statuses.Select(s => new { s.Entry.SweepId, s.Entry.Name, s.Entry.SubmittedAt, s.Status.State, s.Status.Total, s.Status.Completed, s.Status.Running, s.Status.Failed }));
            return 0;
        }

        if (statuses.Count == 0)
        {
            Console.MarkupLine("no sweeps yet: submit one with [bold]./blora sweep submit FILE[/] (examples/sweep-*.yaml).");
            return 0;
        }

        var table = new Table().AddColumns("sweep", "name", "submitted", "state", "done / total", "running", "failed").Border(TableBorder.Rounded);
        foreach (var (entry, status) in statuses)
        {
            table.AddRow(Markup.Escape(entry.SweepId), Markup.Escape(entry.Name), entry.SubmittedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                status.State.ToString(), $"{status.Completed + status.Failed + status.Stopped} / {status.Total}", status.Running.ToString(System.Globalization.CultureInfo.InvariantCulture), status.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Console.Write(table);
        return 0;
    }
}
