using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using BLoRA.Cli.Sweeps;
using BLoRA.Hosting.Security;
using Spectre.Console;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Commands.Sweep;

/// <summary>A command that talks to a cluster: connects (with retries), runs, and turns "no cluster" into a clear error (exit 4).</summary>
internal abstract class ClusterCommand<TSettings>(IAnsiConsole console, IClusterConnectionFactory connections) : AsyncCommand<TSettings>
    where TSettings : ClusterSettings
{
    /// <summary>Exit code when no cluster answers.</summary>
    public const int ClusterUnavailable = 4;

    protected IAnsiConsole Console => console;

    public override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IClusterConnection connection;
        try
        {
            connection = await connections.ConnectAsync(settings, cancellationToken);
        }
        catch (ClusterUnavailableException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ClusterUnavailable;
        }
        catch (Exception e) when (e is TlsCertificateException or ClusterAddressException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }

        await using (connection)
        {
            return await RunAsync(connection.Client, settings, ct => Task.FromResult(connection.Client), cancellationToken);
        }
    }

    /// <summary>Exit code when the sweep id is not in the cluster.</summary>
    public const int NoSuchSweep = 3;

    /// <summary>The sweep's status, or null (after saying so, with the fix) when no sweep has that id.</summary>
    protected async Task<SweepStatus?> FindSweepAsync(IClusterClient client, string sweepId)
    {
        ArgumentNullException.ThrowIfNull(client);
        var status = await client.GetGrain<ISweepGrain>(sweepId).GetStatusAsync();
        if (status.State != SweepState.NotSubmitted)
        {
            return status;
        }

        console.MarkupLineInterpolated($"[red]error:[/] no sweep '{sweepId}' in this cluster; `./blora sweep list` shows the sweeps.");
        return null;
    }

    /// <param name="client">The connected client.</param>
    /// <param name="settings">The command's settings.</param>
    /// <param name="reconnect">The client to use after a transient failure (watchers retry with it).</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    protected abstract Task<int> RunAsync(IClusterClient client, TSettings settings, Func<CancellationToken, Task<IClusterClient>> reconnect, CancellationToken cancellationToken);
}
