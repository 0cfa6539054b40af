using BLoRA.Abstractions;
using BLoRA.Sweeps.Pareto;
using BLoRA.Telemetry;

namespace BLoRA.Grains.Sweeps;

/// <summary>The sweep's telemetry: its gauges, and the trace its trials join.</summary>
public sealed partial class SweepGrain
{
    private SweepGauge? gauge;
    private int gaugeCompleted = -1;
    private double gaugeHypervolume;

    /// <summary>
    /// Publishes the trial counts and the frontier to the sweep gauges. A few field writes, and nothing
    /// at all unless something collects them; the hypervolume is recomputed only when a trial completed
    /// since the last call (only a completion changes the frontier).
    /// </summary>
    private void PublishMetrics()
    {
        if (!BLoRAMetrics.SweepGaugesEnabled || S.Spec is null)
        {
            return;
        }

        gauge ??= SweepGauge.Track(SweepId);
        var completed = index.Count(TrialState.Completed);
        if (completed != gaugeCompleted)
        {
            var reference = S.Spec.Reference;
            gaugeHypervolume = frontier.Hypervolume(new Objectives(reference.Metric, reference.RelativeBops));
            gaugeCompleted = completed;
        }

        gauge.Set(index.Pending, index.Running, completed, index.Count(TrialState.Failed), index.Count(TrialState.Stopped), frontier.Count, gaugeHypervolume);
    }

    /// <summary>Hands the submit span's traceparent to the trial about to be started (see <see cref="TelemetryNames.SweepTraceParentKey"/>).</summary>
    private void SetTraceParent()
    {
        if (S.TraceParent is { } traceParent)
        {
            RequestContext.Set(TelemetryNames.SweepTraceParentKey, traceParent);
        }
    }

    private void ClearTraceParent()
    {
        if (S.TraceParent is not null)
        {
            RequestContext.Remove(TelemetryNames.SweepTraceParentKey);
        }
    }
}
