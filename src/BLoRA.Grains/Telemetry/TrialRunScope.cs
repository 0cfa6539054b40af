using System.Diagnostics;
using BLoRA.Abstractions;
using BLoRA.Telemetry;

namespace BLoRA.Grains.Telemetry;

/// <summary>One attempt's <c>trial.run</c> span and clock; <see cref="Ended"/> records how it ended, disposing stops the span.</summary>
internal readonly struct TrialRunScope(Activity? activity, string sweepId) : IDisposable
{
    private readonly long started = Stopwatch.GetTimestamp();

    /// <param name="outcome">What the runner returned.</param>
    /// <param name="interrupted">The silo is shutting down: the trial resumes elsewhere, so the attempt is not counted as stopped.</param>
    public void Ended(TrialOutcome outcome, bool interrupted)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (activity is not null)
        {
            activity.SetTag(TelemetryNames.Tags.Outcome, interrupted ? "Interrupted" : outcome.Kind.ToString());
            if (outcome.Kind == TrialOutcomeKind.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, outcome.Reason);
            }
        }

        if (interrupted)
        {
            return;
        }

        var state = outcome.Kind switch
        {
            TrialOutcomeKind.Completed => TrialMetrics.Completed,
            TrialOutcomeKind.Failed => TrialMetrics.Failed,
            _ => TrialMetrics.Stopped,
        };
        TrialMetrics.Ended(sweepId, state, started);
        if (outcome.Result is { } result && TrialMetrics.FinalsEnabled)
        {
            TrialMetrics.Final(sweepId, TrialRunTelemetry.Mean(result.BitsPerTensor), TrialRunTelemetry.Mean(result.RanksPerModule), result.Bops.AdapterRelative);
        }
    }

    public void Dispose() => activity?.Dispose();
}
