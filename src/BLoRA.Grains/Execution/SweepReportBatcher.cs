using System.Collections.Immutable;
using BLoRA.Abstractions;
using Microsoft.Extensions.Logging;

namespace BLoRA.Grains.Execution;

/// <summary>
/// Sends this silo's trial-end reports to their sweeps, coalesced: at most one call per sweep is in
/// flight, and the reports that arrive meanwhile go together in the next call (up to
/// <see cref="MaxBatch"/>). An idle sweep gets a report at once; a busy one gets one call per batch
/// instead of one per trial, so it admits once per batch. Each batch is retried like a single report
/// (the sweep folds reports idempotently); one given up on is left to the sweep's reconciliation.
/// </summary>
internal sealed class SweepReportBatcher(Func<string, ImmutableArray<TrialStatus>, Task> send, ILogger logger, CancellationToken stopping)
{
    /// <summary>The most reports one call carries.</summary>
    public const int MaxBatch = 512;

    private readonly object gate = new();
    private readonly Dictionary<string, List<TrialStatus>> queued = new(StringComparer.Ordinal);

    /// <summary>Sends through <see cref="ISweepGrain.ReportTrialsEndedAsync"/>.</summary>
    public SweepReportBatcher(IGrainFactory grains, ILogger logger, CancellationToken stopping)
        : this((sweepId, batch) => grains.GetGrain<ISweepGrain>(sweepId).ReportTrialsEndedAsync(batch), logger, stopping)
    {
    }

    /// <summary>Queues <paramref name="status"/> for <paramref name="sweepId"/>; starts a sender if none is running for that sweep.</summary>
    public void Report(string sweepId, TrialStatus status)
    {
        lock (gate)
        {
            if (queued.TryGetValue(sweepId, out var waiting))
            {
                // A sender is running for this sweep: it takes this report with its next batch.
                waiting.Add(status);
                return;
            }

            queued[sweepId] = [status];
        }

        _ = Task.Run(() => SendAsync(sweepId));
    }

    private async Task SendAsync(string sweepId)
    {
        while (true)
        {
            ImmutableArray<TrialStatus> batch;
            lock (gate)
            {
                var waiting = queued[sweepId];
                if (waiting.Count == 0)
                {
                    queued.Remove(sweepId);
                    return;
                }

                var take = Math.Min(waiting.Count, MaxBatch);
                batch = [.. waiting.GetRange(0, take)];
                waiting.RemoveRange(0, take);
            }

            var subject = batch.Length == 1 ? batch[0].TrialId : $"{batch[0].TrialId} and {batch.Length - 1} more";
            await GrainCallRetry.RunAsync(logger, "report to the sweep", subject, async () =>
            {
                await send(sweepId, batch).ConfigureAwait(false);
                return sweepId;
            }, stopping).ConfigureAwait(false);
        }
    }
}
