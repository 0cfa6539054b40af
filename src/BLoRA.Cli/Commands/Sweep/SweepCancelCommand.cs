using System.ComponentModel;
using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Sweeps;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands.Sweep;

/// <summary>`blora sweep cancel ID`: stops every trial, recording why.</summary>
internal sealed class SweepCancelCommand(IAnsiConsole console, IClusterConnectionFactory connections) : ClusterCommand<SweepCancelCommand.Settings>(console, connections)
{
    internal sealed class Settings : SweepIdSettings
    {
        [CommandOption("--reason <TEXT>")]
        [Description("Recorded on every stopped trial (default: cancelled from the CLI).")]
        public string Reason { get; init; } = "cancelled from the CLI";
    }

    protected override async Task<int> RunAsync(IClusterClient client, Settings settings, Func<CancellationToken, Task<IClusterClient>> reconnect, CancellationToken cancellationToken)
    {
        if (await FindSweepAsync(client, settings.SweepId) is null)
        {
            return NoSuchSweep;
        }

        var grain = client.GetGrain<ISweepGrain>(settings.SweepId);

        var status = await grain.CancelAsync(settings.Reason);
        if (settings.Json)
        {
            JsonOutput.Write(Console, status);
        }
        else
        {
            Console.Write(SweepViews.Status(status));
        }

        return 0;
    }
}
