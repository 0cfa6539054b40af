using BLoRA.Abstractions;
using Spectre.Console;

namespace BLoRA.Cli.Sweeps;

/// <summary>
/// A live view of one sweep (status, a progress bar per trial, the frontier so far) until the sweep
/// finishes. It long-polls the sweep (<see cref="ISweepGrain.WaitForChangeAsync"/>): a change (a trial
/// starting or ending, the sweep's state, a storage problem) is drawn as soon as it happens, and the
/// trials' progress, which does not count as a change, at least every interval. A lost connection is
/// retried with backoff, not fatal.
/// </summary>
internal static class SweepWatcher
{
    /// <summary>No version seen yet (or since the connection was lost): the next long poll answers at once.</summary>
    private const long NoVersion = -1;

    /// <summary>The longest a sweep holds a long poll (see <see cref="ISweepGrain.WaitForChangeAsync"/>).</summary>
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a call may go unanswered (a long poll: beyond its wait) before the connection counts as lost: a
    /// call to a silo that went away would otherwise hang until the client's response timeout (30 s).
    /// </summary>
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(10);

    /// <summary>Draws the sweep until it finishes; <paramref name="interval"/>: how often progress is redrawn when nothing changes.</summary>
    public static async Task<SweepStatus> WatchAsync(IAnsiConsole console, Func<CancellationToken, Task<IClusterClient>> client, string sweepId, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(client);
        if (!console.Profile.Capabilities.Interactive)
        {
            return await LogAsync(console, client, sweepId, interval, cancellationToken);
        }

        SweepStatus? final = null;
        await console.Live(new Markup($"watching {Markup.Escape(sweepId)}...")).AutoClear(false).StartAsync(async ctx =>
        {
            var failures = 0;
            var known = NoVersion;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var grain = (await client(cancellationToken)).GetGrain<ISweepGrain>(sweepId);
                    var status = await NextStatusAsync(grain, known, interval, cancellationToken);
                    var trials = await AnswerAsync(grain.GetTrialsAsync(), AnswerGrace, cancellationToken);
                    var front = status.Front ?? await AnswerAsync(grain.GetFrontAsync(), AnswerGrace, cancellationToken);
                    ctx.UpdateTarget(new Rows(SweepViews.Status(status), SweepViews.Trials(trials, front), SweepViews.Front(front)));
                    ctx.Refresh();
                    failures = 0;
                    known = status.Version;
                    if (status.IsFinished || status.State == SweepState.NotSubmitted)
                    {
                        final = status;
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
                {
                    failures++;
                    known = NoVersion;
                    ctx.UpdateTarget(new Markup($"[yellow]connection lost ({Markup.Escape(e.GetType().Name)}: {Markup.Escape(e.Message)}); reconnecting (attempt {failures})...[/]"));
                    ctx.Refresh();
                    await Task.Delay(Backoff(failures), cancellationToken);
                }
            }
        });
        cancellationToken.ThrowIfCancellationRequested();
        return final!;
    }

    /// <summary>
    /// Without a terminal (CI logs, pipes): one line per trial event (started, finished, failed) instead
    /// of a redrawn table, then the final tables once.
    /// </summary>
    private static async Task<SweepStatus> LogAsync(IAnsiConsole console, Func<CancellationToken, Task<IClusterClient>> client, string sweepId, TimeSpan interval, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, TrialState>(StringComparer.Ordinal);
        var lastStep = new Dictionary<string, long>(StringComparer.Ordinal);
        var started = DateTimeOffset.UtcNow;
        string? storageProblem = null;
        var failures = 0;
        var known = NoVersion;
        while (true)
        {
            SweepStatus status;
            System.Collections.Immutable.ImmutableArray<TrialSummary> trials;
            try
            {
                var grain = (await client(cancellationToken)).GetGrain<ISweepGrain>(sweepId);
                status = await NextStatusAsync(grain, known, interval, cancellationToken);
                trials = await AnswerAsync(grain.GetTrialsAsync(), AnswerGrace, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
            {
                // Said once per outage; retried with backoff until the cluster answers again.
                if (failures++ == 0)
                {
                    console.MarkupLineInterpolated($"[yellow]connection lost ({e.GetType().Name}: {e.Message}); reconnecting...[/]");
                }

                known = NoVersion;
                await Task.Delay(Backoff(failures), cancellationToken);
                continue;
            }

            if (failures > 0)
            {
                console.MarkupLineInterpolated($"[green]reconnected[/] after {failures} failed attempt(s)");
                failures = 0;
            }

            known = status.Version;
            var elapsed = (DateTimeOffset.UtcNow - started).ToString(@"mm\:ss", System.Globalization.CultureInfo.InvariantCulture);
            if ((status.StorageProblem is null) != (storageProblem is null))
            {
                console.MarkupLineInterpolated($"[grey]{elapsed}[/] [yellow]{status.StorageProblem ?? "storage writes work again"}[/]");
                storageProblem = status.StorageProblem;
            }

            foreach (var t in trials)
            {
                var changed = !seen.TryGetValue(t.TrialId, out var before) || before != t.State;
                var step = t.LastProgress?.Step ?? 0;
                var moved = t.State == TrialState.Running && t.LastProgress is { } p && (!lastStep.TryGetValue(t.TrialId, out var s) || step >= s + Math.Max(1, p.TotalSteps / 4));
                if (changed || moved)
                {
                    var detail = t.Result is { } r ? $"{r.PrimaryMetricName} {r.PrimaryMetric:0.000}, relative BOPs {r.Bops.AdapterRelative:0.000}"
                        : t.LastProgress is { } q ? $"step {q.Step}/{q.TotalSteps}, loss {q.Loss:0.000}, bits {q.ExpectedBits:0.0}, rank {q.ExpectedRank:0.0}, BOPs {q.ExpectedRelativeBops:P0}"
                        : t.Reason ?? "";
                    console.MarkupLineInterpolated($"[grey]{elapsed}[/] {t.TrialId} ({FrontierFiles.Label(t.Cell)}): {t.State} {detail}");
                    seen[t.TrialId] = t.State;
                    lastStep[t.TrialId] = step;
                }
            }

            if (status.IsFinished || status.State == SweepState.NotSubmitted)
            {
                var front = await (await client(cancellationToken)).GetGrain<ISweepGrain>(sweepId).GetFrontAsync();
                console.Write(SweepViews.Status(status));
                console.Write(SweepViews.Front(front));
                return status;
            }
        }
    }

    /// <summary>Long-polls until the sweep finishes, without drawing; transient failures are retried.</summary>
    public static async Task<SweepStatus> WaitAsync(Func<CancellationToken, Task<IClusterClient>> client, string sweepId, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var failures = 0;
        var known = NoVersion;
        while (true)
        {
            try
            {
                var status = await NextStatusAsync((await client(cancellationToken)).GetGrain<ISweepGrain>(sweepId), known, interval, cancellationToken);
                if (status.IsFinished || status.State == SweepState.NotSubmitted)
                {
                    return status;
                }

                failures = 0;
                known = status.Version;
            }
            catch (Exception e) when (e is not OperationCanceledException && IsTransient(e))
            {
                failures++;
                known = NoVersion;
                await Task.Delay(Backoff(failures), cancellationToken);
            }
        }
    }

    /// <summary>
    /// The sweep's status: at once if its version differs from <paramref name="known"/> (<see cref="NoVersion"/>:
    /// always), else as soon as it changes or after <paramref name="wait"/> (at most <see cref="MaxWait"/>).
    /// </summary>
    private static Task<SweepStatus> NextStatusAsync(ISweepGrain grain, long known, TimeSpan wait, CancellationToken cancellationToken) =>
        AnswerAsync(grain.WaitForChangeAsync(known, wait), (wait < MaxWait ? wait : MaxWait) + AnswerGrace, cancellationToken);

    /// <summary>The answer of <paramref name="call"/>.</summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="bound"/>: the connection is taken as lost.</exception>
    private static async Task<T> AnswerAsync<T>(Task<T> call, TimeSpan bound, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(bound, cancellationToken);
        }
        catch (TimeoutException e) when (!call.IsCompleted)
        {
            throw new TimeoutException($"the cluster did not answer within {bound.TotalSeconds:0} s", e);
        }
    }

    /// <summary>Retry delay after <paramref name="failures"/> failures in a row: 0.5 s doubling to at most 5 s.</summary>
    private static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(failures, 5))));

    private static bool IsTransient(Exception e) =>
        e is TimeoutException or OrleansException or System.Net.Sockets.SocketException or InvalidOperationException or ObjectDisposedException;
}
