using System.Collections.Immutable;
using BLoRA.Abstractions;
using BLoRA.Grains.Ledger;
using BLoRA.Sweeps.Admission;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using Orleans.Storage;

namespace BLoRA.Grains.Sweeps;

/// <summary>Admission, reports, recovery and persistence of a sweep.</summary>
public sealed partial class SweepGrain
{
    /// <summary>Every this many ticks, running trials are asked for their status (a report may have been lost).</summary>
    private const int ReconcileEveryTicks = 30;

    private const string NoWorkers =
        "no worker silo in the cluster: trials wait until a silo advertising worker slots (silo metadata Accelerator=gpu|cpu, WorkerSlots>0) joins";

    /// <summary>Folds a trial grain's status into the sweep's record of the trial. Idempotent.</summary>
    private void Apply(TrialStatus status)
    {
        if (!byId.TryGetValue(status.TrialId, out var t) || t.IsFinal)
        {
            return;
        }

        dirty = true;
        t.Attempts = Math.Max(t.Attempts, status.Attempts);
        t.LastProgress = status.LastProgress ?? t.LastProgress;
        switch (status.State)
        {
            case TrialState.Running:
                index.Set(t, TrialState.Running);
                t.Silo = status.Silo is { } s ? SiloAddress.FromParsableString(s) : t.Silo;
                return;
            case TrialState.Completed:
                index.Set(t, TrialState.Completed);
                t.Result = status.Result;
                t.Reason = null;
                AddToFrontier(t);
                break;
            case TrialState.Stopped:
                index.Set(t, TrialState.Stopped);
                t.Reason = status.Reason;
                break;
            case TrialState.Failed:
                // Attempts counts every start; retries are the starts after the first.
                t.Reason = status.Reason;
                index.Set(t, t.Attempts > S.Spec!.MaxRetries ? TrialState.Failed : TrialState.Pending);
                if (t.State == TrialState.Failed)
                {
                    t.Reason = $"failed after {t.Attempts} attempt(s); last: {status.Reason}";
                }

                break;
            default:
                index.Set(t, TrialState.Pending);
                t.Reason = status.Reason;
                break;
        }

        Release(t);
    }

    private void Release(TrialRecord t)
    {
        if (t.Silo is not null)
        {
            toRelease.Add(t.TrialId);
            t.Silo = null;
        }
    }

    /// <summary>Admits waiting trials into free worker slots, up to the sweep's concurrency.</summary>
    private async Task PumpAsync()
    {
        // Slots freed since the last pass go back to the ledger in the same call that asks for new ones.
        ImmutableArray<string> released = [.. toRelease];
        toRelease.Clear();
        var spec = S.Spec!;
        var admit = IsActive ? SlotPlanner.Admissible(index.Pending, index.Running, spec.MaxConcurrentTrials) : 0;
        if (admit <= 0)
        {
            if (released.Length > 0)
            {
                await Ledger.ReleaseAsync(released);
            }

            await CheckCompletionAsync();
            return;
        }

        var grant = await Ledger.ExchangeAsync(SweepId, released, [.. index.TakePending(admit).Select(t => t.TrialId)], spec.GpuSlotsPerTrial);
        SetWorkerAvailability(grant.Pool.HasWorkers);
        if (grant.Granted.Length > 0)
        {
            Start(grant.Granted);
        }

        await CheckCompletionAsync();
    }

    /// <summary>
    /// Starts (or resumes) each leased trial on its silo, through a placement hint, without waiting
    /// for the starts: the turn that admitted them ends at once, so the reports of trials that end
    /// meanwhile are not held behind a wave of activations. The answers are folded in as they come
    /// (on this activation's scheduler, between turns; see <see cref="FoldStartsAsync"/>).
    /// </summary>
    private void Start(IReadOnlyList<SlotLease> leases)
    {
        var calls = new List<(TrialRecord Trial, Task<TrialStatus> Call)>(leases.Count);
        foreach (var lease in leases)
        {
            var t = byId[lease.TrialId];
            index.Set(t, TrialState.Running);
            t.Silo = lease.Silo;
            RequestContext.Set(IPlacementDirector.PlacementHintKey, lease.Silo);
            SetTraceParent();
            try
            {
                calls.Add((t, GrainFactory.GetGrain<ITrialGrain>(t.TrialId).StartAsync(specs[t.Index])));
            }
            finally
            {
                // RequestContext flows downstream: the hint must not leak into later calls.
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
                ClearTraceParent();
            }
        }

        dirty = true;
        _ = FoldStartsAsync(calls);
    }

    /// <summary>
    /// Folds the answers of <see cref="Start"/>'s calls. A start that failed puts its trial back in the
    /// queue, unless something else (its end report, a cancel, a lost silo) moved it on meanwhile.
    /// </summary>
    private async Task FoldStartsAsync(List<(TrialRecord Trial, Task<TrialStatus> Call)> calls)
    {
        var retry = false;
        foreach (var (t, call) in calls)
        {
            try
            {
                Apply(await call);
            }
            catch (OrleansException ex) when (ex.Message.Contains("compatible", StringComparison.OrdinalIgnoreCase))
            {
                // The placement filter found no worker silo at all.
                retry |= Requeue(t);
                SetWorkerAvailability(false);
            }
#pragma warning disable CA1031 // Unknown outcome (timeout, silo died): starts are idempotent, so try again later.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogStartFailed(logger, t.TrialId, ex.Message);
                retry |= Requeue(t);
            }
        }

        if (retry)
        {
            dirty = true;
        }

        Observe();
    }

    /// <summary>Puts a trial whose start failed back in the queue, if it is still waiting on that start.</summary>
    private bool Requeue(TrialRecord t)
    {
        if (t.State != TrialState.Running || !IsActive)
        {
            return false;
        }

        index.Set(t, TrialState.Pending);
        Release(t);
        return true;
    }

    private void SetWorkerAvailability(bool hasWorkers)
    {
        if (!hasWorkers && S.State == SweepState.Running)
        {
            S.State = SweepState.WaitingForWorkers;
            S.Reason = NoWorkers;
            dirty = true;
        }
        else if (hasWorkers && S.State == SweepState.WaitingForWorkers)
        {
            S.State = SweepState.Running;
            S.Reason = null;
            dirty = true;
        }
    }

    /// <summary>The periodic pass: reconcile, find trials lost with a silo, admit, persist.</summary>
    private async Task TickAsync()
    {
        if (!IsActive)
        {
            if (dirty && S.Spec is not null)
            {
                // Finished in memory, but the write failed (storage unavailable): finish again.
                await FinishAsync();
            }

            return;
        }

        if (reconcile || ++ticks % ReconcileEveryTicks == 0)
        {
            reconcile = false;
            await ReconcileAsync();
        }

        var held = S.Trials.Where(t => t.State == TrialState.Running && t.Silo is not null)
            .Select(t => new SlotLease(t.TrialId, t.Silo!, S.Spec!.GpuSlotsPerTrial)).ToList();
        var sync = await Ledger.SyncAsync(SweepId, [.. held]);
        foreach (var lost in sync.Lost)
        {
            // Its silo is gone: place it again; the trial grain resumes from its last checkpoint.
            var t = byId[lost];
            LogLost(logger, lost, t.Silo?.ToString() ?? "?");
            index.Set(t, TrialState.Pending);
            t.Silo = null;
            dirty = true;
        }

        await PumpAsync();
        Observe();
        if (dirty && IsActive)
        {
            try
            {
                await PersistAsync();
            }
#pragma warning disable CA1031 // Recorded in storageFailure (shown in the status) and logged; the next pass writes again.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            Observe();
        }
    }

    private async Task ReconcileAsync()
    {
        var running = S.Trials.Where(t => t.State == TrialState.Running).ToList();
        var calls = running.Select(t => (t, GrainFactory.GetGrain<ITrialGrain>(t.TrialId).GetStatusAsync())).ToList();
        foreach (var (t, call) in calls)
        {
            try
            {
                var status = await call;
                if (status.State != TrialState.Running || status.Silo != t.Silo?.ToParsableString())
                {
                    Apply(status);
                }
            }
#pragma warning disable CA1031 // Lost-silo detection covers trials that cannot answer.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogStartFailed(logger, t.TrialId, ex.Message);
            }
        }
    }

    private async Task CheckCompletionAsync()
    {
        PublishMetrics();
        if (IsActive && index.Final == index.Total)
        {
            S.State = SweepState.Completed;
            S.Reason = $"{index.Count(TrialState.Completed)} completed, {index.Count(TrialState.Failed)} failed, {index.Count(TrialState.Stopped)} stopped";
            await FinishAsync();
        }
    }

    /// <summary>Records the end durably, then stops the timer and the reminder; a failed write leaves both, so a later pass finishes again.</summary>
    private async Task FinishAsync()
    {
        S.FinishedAt ??= DateTimeOffset.UtcNow;
        PublishMetrics();
        if (toRelease.Count > 0)
        {
            await Ledger.ReleaseAsync([.. toRelease]);
            toRelease.Clear();
        }

        await PersistAsync();
        timer?.Dispose();
        timer = null;
        if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        LogFinished(logger, SweepId, S.State, S.Reason ?? "");
        if (artifacts is not null)
        {
            try
            {
                await SweepArtifacts.ExportAsync(artifacts, SweepId, Front(), [.. S.Trials.Select(t => t.ToSummary())]);
            }
#pragma warning disable CA1031 // The sweep's result is durable in grain state; the export is a copy.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogExportFailed(logger, SweepId, ex);
            }
        }
    }

    private void StartTimer() =>
        timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(options.PumpInterval, options.PumpInterval) { KeepAlive = true });

    /// <summary>
    /// Writes the record. A failed write (storage unavailable) leaves the sweep dirty, so the next pass
    /// writes again, and is shown in the status until a write succeeds.
    /// </summary>
    private async Task PersistAsync()
    {
        dirty = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // The stored record changed under this activation: an earlier write of its own landed although it
            // reported a failure (storage went away mid-call), or another activation wrote. Leave; the next call
            // reactivates the sweep from storage, and it asks its running trials where they stand.
            dirty = false;
            LogStoredRecordChanged(logger, SweepId);
            this.DeactivateOnIdle();
            throw;
        }
        catch (Exception ex)
        {
            dirty = true;
            storageFailure = (storageFailure ?? new StorageFailure(DateTimeOffset.UtcNow)).Add(ex);
            LogPersistFailed(logger, SweepId, storageFailure.Failures, ex.Message);
            throw;
        }

        if (storageFailure is not null)
        {
            LogPersistRecovered(logger, SweepId, storageFailure.Failures);
            storageFailure = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId}: call failed ({Error}); trying again on the next pass")]
    private static partial void LogStartFailed(ILogger logger, string trialId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId} was running on {Silo}, which left the cluster: placing it again")]
    private static partial void LogLost(ILogger logger, string trialId, string silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: writing its record to grain storage failed ({Failures} in a row): {Error}; running from memory and writing again on the next pass")]
    private static partial void LogPersistFailed(ILogger logger, string sweepId, int failures, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: its stored record changed under this activation (ETag); reloading it from storage")]
    private static partial void LogStoredRecordChanged(ILogger logger, string sweepId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId}: grain storage writes work again after {Failures} failure(s)")]
    private static partial void LogPersistRecovered(ILogger logger, string sweepId, int failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} finished: {State} ({Reason})")]
    private static partial void LogFinished(ILogger logger, string sweepId, SweepState state, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep {SweepId}: exporting the frontier and results to the artifact store failed")]
    private static partial void LogExportFailed(ILogger logger, string sweepId, Exception error);
}
