using BLoRA.Telemetry;

namespace BLoRA.Grains.Trials;

/// <summary>The trace a trial's attempts join.</summary>
public sealed partial class TrialGrain
{
    /// <summary>
    /// Keeps the sweep's submit traceparent handed over with the start call (see
    /// <see cref="TelemetryNames.SweepTraceParentKey"/>) for every attempt, and stops it from riding
    /// along on the calls this one makes.
    /// </summary>
    private void TakeTraceParent()
    {
        if (RequestContext.Get(TelemetryNames.SweepTraceParentKey) is string traceParent)
        {
            S.TraceParent ??= traceParent;
            RequestContext.Remove(TelemetryNames.SweepTraceParentKey);
        }
    }
}
