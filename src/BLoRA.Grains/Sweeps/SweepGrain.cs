using System.Collections.Immutable;
using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Ledger;
using BLoRA.Grains.Placement;
using BLoRA.Sweeps.EarlyStopping;
using BLoRA.Sweeps.Pareto;
using BLoRA.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BLoRA.Grains.Sweeps;

/// <summary>
/// <inheritdoc cref="ISweepGrain"/>
/// The sweep owns its trials' records and slot leases durably; trial grains own each trial's
/// execution. Every report is idempotent, and on activation (a coordinator restart) the sweep asks
/// its running trials where they stand, so nothing a lost write dropped is lost for good.
/// </summary>
[CoordinatorPlacementFilter]
public sealed partial class SweepGrain : Grain, ISweepGrain, IRemindable
{
    private const string KeepAliveReminder = "sweep";
    private static readonly TimeSpan MaxChangeWait = TimeSpan.FromSeconds(10);
    private readonly IPersistentState<SweepGrainState> state;
    private readonly SweepClusterOptions options;
    private readonly ILogger<SweepGrain> logger;
    private readonly IArtifactStore? artifacts;
    private readonly Dictionary<string, TrialRecord> byId = new(StringComparer.Ordinal);
    private readonly List<string> toRelease = [];
    private readonly TrialIndex index = new();
    private ImmutableArray<TrialSpec> specs = [];
    private IncrementalFrontier<TrialRecord> frontier = new();
    private IGrainTimer? timer;
    private bool dirty;
    private bool reconcile;
    private int ticks;
    private (long Trials, SweepState State, string? Reason, StorageFailure? Storage) observed;
    private long version;
    private TaskCompletionSource? changed;
    private StorageFailure? storageFailure;

    public SweepGrain(
        [PersistentState("sweep", GrainStorageNames.Sweeps)] IPersistentState<SweepGrainState> state,
        IOptions<SweepClusterOptions> options,
        IServiceProvider services,
        ILogger<SweepGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.state = state;
        this.options = options.Value;
        this.logger = logger;
        artifacts = services.GetService<IArtifactStore>();
    }

    private SweepGrainState S => state.State;

    private string SweepId => this.GetPrimaryKeyString();

    private bool IsActive => S.State is SweepState.Running or SweepState.WaitingForWorkers;

    private ISlotLedgerGrain Ledger => GrainFactory.GetGrain<ISlotLedgerGrain>(0);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Spec is not null)
        {
            Rebuild();
            if (IsActive)
            {
                // A restart: ask the running trials where they stand before trusting the records.
                reconcile = true;
                StartTimer();
            }
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        gauge?.Dispose();
        if (dirty)
        {
            await PersistAsync();
        }
    }

    public async Task<SubmitResult> SubmitAsync(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var span = BLoRAActivities.StartSweepSubmit(SweepId);
        var problems = SweepSpecValidator.ValidateSweepId(SweepId).AddRange(SweepSpecValidator.Validate(spec));
        if (problems.Length > 0)
        {
            return new SubmitResult(SweepId, SubmitOutcome.Invalid, 0, problems,
                $"the spec has {problems.Length} problem(s): {string.Join("; ", problems)}");
        }

        var fingerprint = SweepSpecFingerprint.Compute(spec);
        if (S.Spec is not null)
        {
            return fingerprint == S.Fingerprint
                ? new SubmitResult(SweepId, SubmitOutcome.AlreadySubmitted, S.Trials.Count, [], $"sweep {SweepId} was already submitted with this spec")
                : new SubmitResult(SweepId, SubmitOutcome.Conflict, S.Trials.Count, [],
                    $"sweep {SweepId} already exists with a different spec (fingerprint {S.Fingerprint![..12]}, submitted {fingerprint[..12]}); submit under another sweep id");
        }

        S.Spec = spec;
        S.Fingerprint = fingerprint;
        S.State = SweepState.Running;
        S.SubmittedAt = DateTimeOffset.UtcNow;
        S.TraceParent = BLoRAActivities.TraceParentOf(span);
        var plan = TrialPlanner.Plan(SweepId, spec);
        S.Trials = [.. plan.Select(t => new TrialRecord { TrialId = t.TrialId, Index = t.Index })];
        Rebuild(plan);
        try
        {
            // The record and the keep-alive reminder are both in place before any trial starts; they are
            // written concurrently (a reminder that fires without a record unregisters itself).
            await Task.WhenAll(PersistAsync(), this.RegisterOrUpdateReminder(KeepAliveReminder, options.ReminderPeriod, options.ReminderPeriod));
        }
        catch
        {
            // Storage unavailable: nothing was submitted. Forget it here too, so that a retry submits afresh.
            state.State = new SweepGrainState();
            dirty = false;
            Rebuild([]);
            this.DeactivateOnIdle();
            throw;
        }

        StartTimer();
        LogSubmitted(logger, SweepId, S.Trials.Count);
        await PumpAsync();
        Observe();
        return new SubmitResult(SweepId, SubmitOutcome.Created, S.Trials.Count, [], $"sweep {SweepId} created with {S.Trials.Count} trials");
    }

    public Task<SweepStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task<SweepStatus> WaitForChangeAsync(long knownVersion, TimeSpan maxWait)
    {
        if (Observe() != knownVersion || S.Spec is null || maxWait <= TimeSpan.Zero)
        {
            return Status();
        }

        changed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wait = maxWait < MaxChangeWait ? maxWait : MaxChangeWait;
        await Task.WhenAny(changed.Task, Task.Delay(wait));
        return Status();
    }

    public Task<ImmutableArray<TrialSummary>> GetTrialsAsync() =>
        Task.FromResult(S.Trials.Select(t => t.ToSummary()).ToImmutableArray());

    public Task<ParetoFront> GetFrontAsync() => Task.FromResult(Front());

    public async Task<SweepStatus> CancelAsync(string reason)
    {
        if (S.Spec is null || !IsActive)
        {
            return Status();
        }

        reason = string.IsNullOrWhiteSpace(reason) ? "cancelled" : reason;
        S.State = SweepState.Cancelled;
        S.Reason = reason;
        var message = $"sweep cancelled: {reason}";
        var running = S.Trials.Where(t => t.State == TrialState.Running).ToList();
        var calls = running.Select(t => GrainFactory.GetGrain<ITrialGrain>(t.TrialId).CancelAsync(message)).ToList();
        try
        {
            await Task.WhenAll(calls);
        }
#pragma warning disable CA1031 // Each trial grain records its own stop; a failed call is retried by its watchdog.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCancelCallsFailed(logger, SweepId, calls.Count(c => c.IsFaulted), ex.Message);
        }

        foreach (var t in S.Trials.Where(t => !t.IsFinal))
        {
            t.Reason = t.State == TrialState.Running ? message : $"sweep cancelled before the trial started: {reason}";
            index.Set(t, TrialState.Stopped);
            Release(t);
        }

        await FinishAsync();
        Observe();
        return Status();
    }

    public Task ReportTrialEndedAsync(TrialStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return ReportTrialsEndedAsync([status]);
    }

    public async Task ReportTrialsEndedAsync(ImmutableArray<TrialStatus> statuses)
    {
        foreach (var status in statuses)
        {
            Apply(status);
        }

        if (IsActive)
        {
            await PumpAsync();
        }

        Observe();
    }

    public async Task<ProgressDecision> ReportProgressAsync(string trialId, TrialProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (!byId.TryGetValue(trialId, out var record))
        {
            return ProgressDecision.Continue;
        }

        if (record.State == TrialState.Stopped)
        {
            return new ProgressDecision(true, record.Reason);
        }

        record.LastProgress = progress;
        dirty = true;
        var policy = S.Spec!.EarlyStopping;
        if (policy.Kind != EarlyStoppingKind.Asha || progress.PrimaryMetric is not { } metric || record.State != TrialState.Running)
        {
            return ProgressDecision.Continue;
        }

        var settings = new AshaSettings(policy.GraceSteps, policy.ReductionFactor, policy.MetricTolerance, policy.BopsTolerance);
        var rung = Asha.RungAt(settings, progress.Step);
        if (rung < 0 || rung <= record.HighestRung || (progress.TotalSteps > 0 && progress.Step >= progress.TotalSteps))
        {
            return ProgressDecision.Continue;
        }

        var entry = new RungEntry(trialId, rung, metric, progress.ExpectedRelativeBops);
        var recorded = S.Rungs.Where(r => r.Rung == rung).Select(r => new RungEntry(r.TrialId, r.Rung, r.Metric, r.ExpectedRelativeBops)).ToList();
        var decision = Asha.Decide(settings, recorded, entry);
        S.Rungs.Add(new RungRecord(trialId, rung, metric, progress.ExpectedRelativeBops));
        record.HighestRung = rung;
        if (!decision.Stop)
        {
            return ProgressDecision.Continue;
        }

        LogStoppedEarly(logger, trialId, decision.Reason);
        index.Set(record, TrialState.Stopped);
        record.Reason = decision.Reason;
        Release(record);
        await PumpAsync();
        Observe();
        return new ProgressDecision(true, decision.Reason);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (IsActive)
        {
            await TickAsync();
        }
        else if (dirty && S.Spec is not null)
        {
            // Finished in memory, but its last write failed: finish again (persists, then unregisters).
            await FinishAsync();
        }
        else if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void Rebuild(ImmutableArray<TrialSpec>? plan = null)
    {
        specs = plan ?? (S.Spec is null ? [] : TrialPlanner.Plan(SweepId, S.Spec));
        byId.Clear();
        index.Rebuild(S.Trials);
        frontier = new IncrementalFrontier<TrialRecord>();
        foreach (var t in S.Trials)
        {
            t.Cell = specs[t.Index].Cell;
            byId[t.TrialId] = t;
            AddToFrontier(t);
        }
    }

    private void AddToFrontier(TrialRecord t)
    {
        if (t is { State: TrialState.Completed, Result: { } r })
        {
            frontier.Add(t, new Objectives(r.PrimaryMetric, r.Bops.AdapterRelative));
        }
    }

    private ParetoFront Front()
    {
        var reference = S.Spec?.Reference ?? ParetoReference.Default;
        var metricName = S.Trials.FirstOrDefault(t => t.Result is not null)?.Result!.PrimaryMetricName ?? "metric";
        var points = frontier.Points
            .OrderBy(p => p.At.Cost).ThenByDescending(p => p.At.Metric).ThenBy(p => p.Item.TrialId, StringComparer.Ordinal)
            .Select(p => new ParetoPoint(p.Item.TrialId, p.At.Metric, p.At.Cost, p.Item.Cell))
            .ToImmutableArray();
        return new ParetoFront(metricName, points, frontier.Hypervolume(new Objectives(reference.Metric, reference.RelativeBops)), reference);
    }

    private SweepStatus Status()
    {
        return new SweepStatus(SweepId, S.Spec?.Name, S.State, S.Reason, S.Trials.Count,
            index.Pending, index.Running, index.Count(TrialState.Completed),
            index.Count(TrialState.Failed), index.Count(TrialState.Stopped), S.Spec is null ? null : Front(), storageFailure?.Describe(), Observe());
    }

    /// <summary>
    /// The status's version: bumped when a trial changes state, the sweep's state or reason does, or a
    /// storage problem begins or ends,
    /// and then the long polls waiting in <see cref="WaitForChangeAsync"/> are answered. Every method
    /// that changes the sweep calls this before it returns.
    /// </summary>
    private long Observe()
    {
        var now = (index.Version, S.State, S.Reason, storageFailure);
        if (now != observed)
        {
            observed = now;
            version++;
            changed?.TrySetResult();
            changed = null;
        }

        return version;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep {SweepId} submitted with {Trials} trials")]
    private static partial void LogSubmitted(ILogger logger, string sweepId, int trials);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep {SweepId}: {Failed} trial cancel calls failed ({Error}); their watchdogs will stop them")]
    private static partial void LogCancelCallsFailed(ILogger logger, string sweepId, int failed, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trial {TrialId}: {Reason}")]
    private static partial void LogStoppedEarly(ILogger logger, string trialId, string reason);
}
