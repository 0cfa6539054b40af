using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Sweeps;
using Spectre.Console;

namespace BLoRA.Cli.Commands.Sweep;

/// <summary>`blora sweep watch ID`: a live table (a progress bar per trial, the frontier so far) until the sweep finishes.</summary>
internal sealed class SweepWatchCommand(IAnsiConsole console, IClusterConnectionFactory connections) : ClusterCommand<SweepIdSettings>(console, connections)
{
    protected override async Task<int> RunAsync(IClusterClient client, SweepIdSettings settings, Func<CancellationToken, Task<IClusterClient>> reconnect, CancellationToken cancellationToken)
    {
        if (await FindSweepAsync(client, settings.SweepId) is null)
        {
            return NoSuchSweep;
        }

        if (settings.Json)
        {
            // No live view in JSON mode: wait (reconnecting as needed), then print the final status.
            JsonOutput.Write(Console, await SweepWatcher.WaitAsync(reconnect, settings.SweepId, TimeSpan.FromSeconds(1), cancellationToken));
            return 0;
        }

        await SweepWatcher.WatchAsync(Console, reconnect, settings.SweepId, TimeSpan.FromSeconds(1), cancellationToken);

        return 0;
    }
}
