using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Sweeps;
using Spectre.Console;

namespace BLoRA.Cli.Commands.Sweep;

/// <summary>`blora sweep status ID`: the sweep, every trial and the frontier, once.</summary>
internal sealed class SweepStatusCommand(IAnsiConsole console, IClusterConnectionFactory connections) : ClusterCommand<SweepIdSettings>(console, connections)
{
    protected override async Task<int> RunAsync(IClusterClient client, SweepIdSettings settings, Func<CancellationToken, Task<IClusterClient>> reconnect, CancellationToken cancellationToken)
    {
        if (await FindSweepAsync(client, settings.SweepId) is not { } status)
        {
            return NoSuchSweep;
        }

        var grain = client.GetGrain<ISweepGrain>(settings.SweepId);

        var trials = await grain.GetTrialsAsync();
        var front = await grain.GetFrontAsync();
        if (settings.Json)
        {
            JsonOutput.Write(Console, new { status, trials, front });
            return 0;
        }

        Console.Write(SweepViews.Status(status));
        Console.Write(SweepViews.Trials(trials, front));
        Console.Write(SweepViews.Front(front));
        return 0;
    }
}
