using BLoRA.Abstractions;
using Spectre.Console;

namespace BLoRA.Cli.Sweeps;

/// <summary>
/// A live view of one sweep (status, a progress bar per trial, the frontier so far), redrawn every
/// interval until the sweep finishes. A lost connection is retried with backoff, not fatal.
/// </summary>
internal static class SweepWatcher
{
    public static async Task<SweepStatus> WatchAsync(IAnsiConsole console, Func<CancellationToken, Task<IClusterClient>> client, string sweepId, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(client);
        SweepStatus? final = null;
        await console.Live(new Markup($"watching {Markup.Escape(sweepId)}...")).AutoClear(false).StartAsync(async ctx =>
        {
            var failures = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var grain = (await client(cancellationToken)).GetGrain<ISweepGrain>(sweepId);
                    var status = await grain.GetStatusAsync();
                    var trials = await grain.GetTrialsAsync();
                    var front = status.Front ?? await grain.GetFrontAsync();
                    ctx.UpdateTarget(new Rows(SweepViews.Status(status), SweepViews.Trials(trials, front), SweepViews.Front(front)));
                    ctx.Refresh();
                    failures = 0;
                    if (status.IsFinished || status.State == SweepState.NotSubmitted)
                    {
                        final = status;
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
                {
                    failures++;
                    ctx.UpdateTarget(new Markup($"[yellow]connection lost ({Markup.Escape(e.GetType().Name)}: {Markup.Escape(e.Message)}); reconnecting (attempt {failures})...[/]"));
                    ctx.Refresh();
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(failures, 5)))), cancellationToken);
                    continue;
                }

                await Task.Delay(interval, cancellationToken);
            }
        });
        cancellationToken.ThrowIfCancellationRequested();
        return final!;
    }

    /// <summary>Polls until the sweep finishes, without drawing; transient failures are retried.</summary>
    public static async Task<SweepStatus> WaitAsync(Func<CancellationToken, Task<IClusterClient>> client, string sweepId, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var failures = 0;
        while (true)
        {
            try
            {
                var status = await (await client(cancellationToken)).GetGrain<ISweepGrain>(sweepId).GetStatusAsync();
                if (status.IsFinished || status.State == SweepState.NotSubmitted)
                {
                    return status;
                }

                failures = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
            {
                failures++;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(failures, 5)))), cancellationToken);
                continue;
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    private static bool IsTransient(Exception e) =>
        e is TimeoutException or OrleansException or System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException;
}
