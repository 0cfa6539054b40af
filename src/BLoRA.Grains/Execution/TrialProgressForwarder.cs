using BLoRA.Abstractions;
using Microsoft.Extensions.Logging;

namespace BLoRA.Grains.Execution;

/// <summary>
/// A run's progress sink: forwards progress to the trial grain (plain progress at most every
/// <see cref="TrialExecutionHost.ProgressForwardInterval"/>; checkpoints and evaluations always), and
/// evaluations to the sweep, whose answer applies early stopping.
/// </summary>
internal sealed partial class TrialProgressForwarder(IGrainFactory grains, ILogger logger, TrialExecution execution, TrialSpec spec) : ITrialProgressSink
{
    private long lastForward = long.MinValue;

    public async ValueTask ReportAsync(TrialProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var now = Environment.TickCount64;
        var due = lastForward == long.MinValue || now - lastForward >= TrialExecutionHost.ProgressForwardInterval.TotalMilliseconds;
        if (progress.Checkpoint is null && progress.PrimaryMetric is null && !due)
        {
            return;
        }

        lastForward = now;
        var trial = grains.GetGrain<ITrialGrain>(spec.TrialId);
        try
        {
            if (!await trial.OnProgressAsync(execution.ExecutionId, progress).ConfigureAwait(false))
            {
                // This execution is no longer the trial's current one: stop it.
                execution.Cancellation?.Cancel();
                return;
            }

            if (progress.PrimaryMetric is not null)
            {
                var decision = await grains.GetGrain<ISweepGrain>(spec.SweepId).ReportProgressAsync(spec.TrialId, progress).ConfigureAwait(false);
                if (decision.Stop)
                {
                    await trial.CancelAsync(decision.Reason ?? "stopped early").ConfigureAwait(false);
                }
            }
        }
#pragma warning disable CA1031 // Progress is best effort: a lost report must not fail the training.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogProgressFailed(logger, spec.TrialId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Progress report for trial {TrialId} failed: {Error}")]
    private static partial void LogProgressFailed(ILogger logger, string trialId, string error);
}
