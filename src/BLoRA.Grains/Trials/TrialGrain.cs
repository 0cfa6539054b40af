using BLoRA.Abstractions;
using BLoRA.Grains.Execution;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Storage;

namespace BLoRA.Grains.Trials;

/// <summary>
/// <inheritdoc cref="ITrialGrain"/>
/// An attempt is started only after its "running here, execution X" record is written with an ETag
/// check, so of two activations racing for the trial only one runs it; reports from any other
/// execution are refused and that execution is cancelled. A keep-alive timer checks the execution
/// and keeps the activation (and so the run) on this silo; a reminder restarts the trial on another
/// worker if this silo dies. The reminder is registered once the attempt has run for
/// <see cref="SweepClusterOptions.TrialReminderDelay"/>, off the start's hot path: until then a silo
/// death is caught by the sweep, which finds the trial's lease on a dead silo and starts it again
/// (the trial grain then resumes from its last checkpoint).
/// </summary>
[Immovable]
[WorkerPlacementFilter]
public sealed partial class TrialGrain : Grain, ITrialGrain, IRemindable
{
    private const string WatchdogReminder = "watchdog";
    private readonly IPersistentState<TrialGrainState> state;
    private readonly TrialExecutionHost host;
    private readonly IClusterMembershipService membership;
    private readonly string here;
    private readonly SweepClusterOptions options;
    private readonly ILogger<TrialGrain> logger;
    private IGrainTimer? watchdog;
    private IGrainTimer? reminderTimer;
    private IGrainReminder? reminder;
    private bool mayHoldReminder;
    private bool unsaved;
    private long lastPersist;

    /// <summary>A start write of this activation failed without saying whether it landed.</summary>
    private bool startUnknown;

    public TrialGrain(
        [PersistentState("trial", GrainStorageNames.Sweeps)] IPersistentState<TrialGrainState> state,
        TrialExecutionHost host,
        IClusterMembershipService membership,
        ILocalSiloDetails localSilo,
        IOptions<SweepClusterOptions> options,
        ILogger<TrialGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.state = state;
        this.host = host;
        this.membership = membership;
        ArgumentNullException.ThrowIfNull(localSilo);
        here = localSilo.SiloAddress.ToParsableString();
        this.options = options.Value;
        this.logger = logger;
    }

    private TrialGrainState S => state.State;

    private string Here => here;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Recorded as running when activated: an earlier activation may have registered the reminder.
        mayHoldReminder = S.State == TrialState.Running;
        return Task.CompletedTask;
    }

    public async Task<TrialStatus> StartAsync(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.TrialId != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"spec is for trial {spec.TrialId}, not {this.GetPrimaryKeyString()}", nameof(spec));
        }

        S.Spec ??= spec;
        TakeTraceParent();
        return S.State switch
        {
            TrialState.Running => await EnsureRunningAsync(),
            TrialState.Pending or TrialState.Failed => await BeginAttemptAsync(),
            _ => Status(),
        };
    }

    public async Task<TrialStatus> EnsureRunningAsync()
    {
        if (S.State != TrialState.Running || S.Spec is null || host.IsRunning(S.Spec.TrialId, S.ExecutionId))
        {
            return Status();
        }

        // Recorded as running elsewhere: resume only once that silo is known to be gone, so the
        // trial never runs twice at once.
        if (S.Silo is { } silo && silo != Here && IsActive(silo))
        {
            return Status() with { Reason = $"still running on {silo}" };
        }

        LogResuming(logger, S.Spec.TrialId, S.Silo ?? "?", S.Checkpoint ?? "the start");
        return await BeginAttemptAsync();
    }

    public async Task<TrialStatus> CancelAsync(string reason)
    {
        if (S.State is TrialState.Completed or TrialState.Stopped)
        {
            return Status();
        }

        if (S.Spec is { } spec)
        {
            host.Cancel(spec.TrialId);
        }

        S.State = TrialState.Stopped;
        S.Reason = string.IsNullOrWhiteSpace(reason) ? "cancelled" : reason;
        try
        {
            await PersistAsync();
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            // Stopped here (the run is cancelled), but not yet durable: the watchdog writes it again.
            unsaved = true;
            throw;
        }

        await StopWatchdogAsync();
        return Status();
    }

    public Task<TrialStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<bool> OnProgressAsync(Guid executionId, TrialProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (S.State != TrialState.Running || executionId != S.ExecutionId)
        {
            return false;
        }

        S.LastProgress = progress;
        var now = Environment.TickCount64;
        if (progress.Checkpoint is not null || now - lastPersist >= options.ProgressPersistInterval.TotalMilliseconds)
        {
            S.Checkpoint = progress.Checkpoint ?? S.Checkpoint;
            try
            {
                await PersistAsync();
            }
            catch (InconsistentStateException)
            {
                // Another activation took the trial over (this execution must stop), or an earlier write of
                // this execution landed although it reported a failure (it goes on).
                await state.ReadStateAsync();
                if (S.State != TrialState.Running || S.ExecutionId != executionId)
                {
                    return false;
                }

                S.LastProgress = progress;
                S.Checkpoint = progress.Checkpoint ?? S.Checkpoint;
            }
#pragma warning disable CA1031 // Storage unavailable: progress is kept here and written with a later report.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // The run goes on (and its evaluations reach the sweep, whose status then shows the problem).
                lastPersist = Environment.TickCount64;
                LogProgressNotSaved(logger, S.Spec?.TrialId ?? this.GetPrimaryKeyString(), progress.Step, ex.Message);
            }
        }

        return true;
    }

    public async Task<TrialStatus> OnRunEndedAsync(Guid executionId, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (S.State != TrialState.Running || executionId != S.ExecutionId)
        {
            return Status();
        }

        var ended = outcome.Kind switch
        {
            TrialOutcomeKind.Completed => (TrialState.Completed, outcome.Result, (string?)null),
            TrialOutcomeKind.Failed => (TrialState.Failed, (TrialResult?)null, $"attempt {S.Attempts} failed: {outcome.Reason}"),
            _ => (TrialState.Stopped, (TrialResult?)null, outcome.Reason ?? "cancelled by the runner"),
        };
        var previous = (S.State, S.Result, S.Reason);
        (S.State, S.Result, S.Reason) = ended;
        try
        {
            try
            {
                await PersistAsync();
            }
            catch (InconsistentStateException)
            {
                await state.ReadStateAsync();
                if (S.State != TrialState.Running || S.ExecutionId != executionId)
                {
                    // Another activation took the trial over: this execution's outcome is stale.
                    return Status();
                }

                // An earlier write of this execution landed although it reported a failure: the record is
                // still this execution's, and fresh now.
                previous = (S.State, S.Result, S.Reason);
                (S.State, S.Result, S.Reason) = ended;
                await PersistAsync();
            }
        }
        catch
        {
            // Not durable (storage unavailable): the outcome is not taken, so the execution host retries
            // it, and the sweep never learns of a result the trial's own record could lose.
            (S.State, S.Result, S.Reason) = previous;
            throw;
        }

        await StopWatchdogAsync();
        return Status();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        mayHoldReminder = true;
        if (S.State == TrialState.Running)
        {
            await EnsureRunningAsync();
        }
        else if (unsaved)
        {
            await SaveStopAsync();
        }
        else
        {
            await StopWatchdogAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The activation and its run live and die together: a run without its grain could be
        // resumed elsewhere and run twice.
        if (S.Spec is { } spec && host.IsRunning(spec.TrialId, S.ExecutionId))
        {
            host.Cancel(spec.TrialId);
        }

        return Task.CompletedTask;
    }

    private async Task<TrialStatus> BeginAttemptAsync()
    {
        var spec = S.Spec ?? throw new InvalidOperationException($"trial {this.GetPrimaryKeyString()} was never given a spec");
        if (host.TryReserve(spec.TrialId, spec.GpuSlots) is { } refused)
        {
            // Leave, so that the next call can place the trial on a silo with room; but not while a start
            // write of this activation may have landed unreported: the record may then say "running here",
            // which only this activation can take up (one elsewhere would wait on this live silo for ever).
            if (!startUnknown)
            {
                this.DeactivateOnIdle();
            }

            return Status() with { State = S.State == TrialState.Running ? TrialState.Pending : S.State, Reason = refused };
        }

        var previous = (S.State, S.Silo, S.ExecutionId, S.Attempts, S.Reason);
        S.State = TrialState.Running;
        S.Attempts++;
        S.Silo = Here;
        S.ExecutionId = Guid.NewGuid();
        S.Reason = null;
        try
        {
            await PersistAsync();
        }
        catch (InconsistentStateException)
        {
            (S.State, S.Silo, S.ExecutionId, S.Attempts, S.Reason) = previous;
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                host.Release(spec.TrialId);
                throw;
            }

            startUnknown = false;

            // Recorded as running here, yet nothing here runs it: an earlier start write of ours landed although
            // it reported a failure (storage went away mid-call). Run that recorded attempt now, in the slot this
            // call reserved. The slot is kept over the re-read on purpose: given back and asked for again, it
            // could go to another trial meanwhile, and this trial would stay recorded as running here with
            // nothing running it and nothing to start it (an activation elsewhere waits on a live silo).
            if (S.State == TrialState.Running && S.Silo == Here && !host.IsRunning(spec.TrialId, S.ExecutionId))
            {
                host.Start(S.ExecutionId, new TrialRun(spec, S.Attempts, S.Checkpoint), S.TraceParent);
                await StartWatchdogAsync();
            }
            else
            {
                host.Release(spec.TrialId);
            }

            return Status();
        }
        catch
        {
            // Not recorded (storage unavailable): nothing starts and the attempt is not counted; the caller retries.
            host.Release(spec.TrialId);
            (S.State, S.Silo, S.ExecutionId, S.Attempts, S.Reason) = previous;
            startUnknown = true;
            throw;
        }

        startUnknown = false;

        host.Start(S.ExecutionId, new TrialRun(spec, S.Attempts, S.Checkpoint), S.TraceParent);
        await StartWatchdogAsync();
        return Status();
    }

    private async Task PersistAsync()
    {
        await state.WriteStateAsync();
        lastPersist = Environment.TickCount64;
        unsaved = false;
    }

    private bool IsActive(string silo)
    {
        try
        {
            return membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(silo)) == SiloStatus.Active;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private TrialStatus Status() =>
        new(this.GetPrimaryKeyString(), S.State, S.Attempts, S.Silo, S.LastProgress, S.Checkpoint, S.Result, S.Reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId}: progress at step {Step} could not be written to grain storage ({Error}); kept in memory, written with a later report")]
    private static partial void LogProgressNotSaved(ILogger logger, string trialId, long step, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trial {TrialId} was running on {Silo}, which is gone: resuming here from {Checkpoint}")]
    private static partial void LogResuming(ILogger logger, string trialId, string silo, string checkpoint);
}
