using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BLoRA.Grains.Execution;

/// <summary>
/// The per-silo service that runs trials off the grain scheduler. It owns this silo's worker slots
/// (the hard limit: a slot ledger elsewhere only plans), starts each attempt on the thread pool
/// through the bound <see cref="ITrialRunner"/>, forwards progress to the trial grain, and reports the
/// outcome to the trial grain and then to its sweep, retrying until they answer (reports to a sweep are
/// coalesced into batches). Disposing it (silo shutdown) cancels every run.
/// </summary>
public sealed partial class TrialExecutionHost : IAsyncDisposable
{
    private readonly object gate = new();
    private readonly Dictionary<string, TrialExecution> executions = new(StringComparer.Ordinal);

    /// <summary>Executions whose run has ended but whose outcome the trial grain has not yet taken (storage may be down).</summary>
    private readonly Dictionary<string, Guid> ending = new(StringComparer.Ordinal);
    private readonly IGrainFactory grains;
    private readonly IServiceProvider services;
    private readonly ILogger<TrialExecutionHost> logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly SweepReportBatcher reports;
    private readonly TrialRunTelemetry telemetry;
    private int used;

    public TrialExecutionHost(IGrainFactory grains, IServiceProvider services, IOptions<SweepClusterOptions> options, ILogger<TrialExecutionHost> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.grains = grains;
        this.services = services;
        this.logger = logger;
        Capacity = options.Value.RunsTrials ? options.Value.WorkerSlots : 0;
        reports = new SweepReportBatcher(grains, logger, stopping.Token);
        telemetry = new TrialRunTelemetry(services, options.Value);
    }

    /// <summary>Slots this silo has (0 on a coordinator).</summary>
    public int Capacity { get; }

    public int Used
    {
        get
        {
            lock (gate)
            {
                return used;
            }
        }
    }

    /// <summary>How often plain progress goes to the trial grain; checkpoints and evaluations always do.</summary>
    public static TimeSpan ProgressForwardInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Reserves <paramref name="slots"/> for <paramref name="trialId"/>; null on success, else why not.</summary>
    public string? TryReserve(string trialId, int slots)
    {
        lock (gate)
        {
            if (stopping.IsCancellationRequested)
            {
                return "this silo is shutting down";
            }

            if (executions.ContainsKey(trialId))
            {
                return null;
            }

            if (Capacity == 0)
            {
                return "this silo is not a worker (it advertises no worker slots)";
            }

            if (used + slots > Capacity)
            {
                return $"no free slot on this silo ({used} of {Capacity} in use, {slots} needed)";
            }

            used += slots;
            executions[trialId] = new TrialExecution(trialId, slots);
            return null;
        }
    }

    /// <summary>Gives back a reservation that was never started.</summary>
    public void Release(string trialId)
    {
        lock (gate)
        {
            if (executions.TryGetValue(trialId, out var e) && e.Task is null)
            {
                executions.Remove(trialId);
                used -= e.Slots;
            }
        }
    }

    /// <summary>
    /// Starts attempt <paramref name="run"/> in the reservation for its trial; returns at once. Its
    /// <c>trial.run</c> span is a child of <paramref name="traceParent"/> (the sweep's submit span).
    /// </summary>
    public void Start(Guid executionId, TrialRun run, string? traceParent = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var runner = services.GetService<ITrialRunner>() ??
            throw new InvalidOperationException("no ITrialRunner is registered on this worker silo: call AddTrialRunner<T>() on the silo builder");
        lock (gate)
        {
            if (!executions.TryGetValue(run.Spec.TrialId, out var e) || e.Task is not null)
            {
                throw new InvalidOperationException($"trial {run.Spec.TrialId} has no fresh slot reservation on this silo");
            }

            e.ExecutionId = executionId;
            e.Cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            e.Task = Task.Run(() => RunAsync(e, run, runner, traceParent));
        }
    }

    /// <summary>
    /// Whether execution <paramref name="executionId"/> of the trial is running here, or has ended and its
    /// outcome is still being delivered (so the trial must not start it again).
    /// </summary>
    public bool IsRunning(string trialId, Guid executionId)
    {
        lock (gate)
        {
            return (executions.TryGetValue(trialId, out var e) && e.ExecutionId == executionId && e.Task is not null)
                || (ending.TryGetValue(trialId, out var ended) && ended == executionId);
        }
    }

    /// <summary>Signals the trial's run to stop; its slot frees when the runner returns.</summary>
    public void Cancel(string trialId)
    {
        lock (gate)
        {
            if (executions.TryGetValue(trialId, out var e))
            {
                e.Cancellation?.Cancel();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] running;
        lock (gate)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            stopping.Cancel();
            running = executions.Values.Select(e => e.Task).OfType<Task>().ToArray();
        }

        await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task RunAsync(TrialExecution e, TrialRun run, ITrialRunner runner, string? traceParent)
    {
        var token = e.Cancellation!.Token;
        using var span = telemetry.Start(run, traceParent);
        var sink = new TrialProgressForwarder(grains, logger, e, run.Spec);
        TrialOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(run, sink, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            outcome = TrialOutcome.Cancelled("cancelled");
        }
#pragma warning disable CA1031 // A runner's failure is the trial's failure, whatever it is.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = TrialOutcome.Failed($"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            lock (gate)
            {
                executions.Remove(e.TrialId);
                used -= e.Slots;
            }

            e.Cancellation.Dispose();
        }

        span.Ended(outcome, interrupted: stopping.IsCancellationRequested && outcome.Kind != TrialOutcomeKind.Completed);

        // A run cancelled from outside was already recorded by whoever cancelled it (the trial
        // grain, or a shutdown whose trials resume elsewhere): nothing to report.
        if (token.IsCancellationRequested && outcome.Kind != TrialOutcomeKind.Completed)
        {
            return;
        }

        TrialStatus? status;
        lock (gate)
        {
            ending[e.TrialId] = e.ExecutionId;
        }

        try
        {
            status = await GrainCallRetry.RunAsync(logger, "record the outcome", run.Spec.TrialId,
                () => grains.GetGrain<ITrialGrain>(run.Spec.TrialId).OnRunEndedAsync(e.ExecutionId, outcome), stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (gate)
            {
                if (ending.TryGetValue(e.TrialId, out var id) && id == e.ExecutionId)
                {
                    ending.Remove(e.TrialId);
                }
            }
        }

        if (status is not null)
        {
            // Coalesced with other trials' ends into one call per sweep (see SweepReportBatcher).
            reports.Report(run.Spec.SweepId, status);
        }
    }
}
