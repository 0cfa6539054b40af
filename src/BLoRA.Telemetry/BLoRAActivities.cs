using System.Diagnostics;

namespace BLoRA.Telemetry;

/// <summary>
/// The cluster's ActivitySource and one factory per span of <see cref="TelemetryNames.Spans"/>. Each
/// returns null when nothing listens (no exporter configured), so an unobserved span costs one check.
/// </summary>
public static class BLoRAActivities
{
    public static ActivitySource Source { get; } = new(TelemetryNames.Source, typeof(BLoRAActivities).Assembly.GetName().Version?.ToString());

    /// <summary>The CLI's root span (a new trace); rename it with <see cref="NameCliCommand"/> once the command is known.</summary>
    public static Activity? StartCliCommand(string command = "") =>
        Source.StartActivity(CliName(command), ActivityKind.Internal);

    /// <summary>Names the current CLI root span after the command that runs (e.g. <c>blora cli sweep submit</c>).</summary>
    public static void NameCliCommand(Activity? activity, string command)
    {
        if (activity is not null && activity.Source == Source && activity.OperationName.StartsWith(TelemetryNames.Spans.CliPrefix, StringComparison.Ordinal))
        {
            activity.DisplayName = CliName(command);
        }
    }

    /// <summary>A sweep's submission, inside the sweep grain (a child of the client's call).</summary>
    public static Activity? StartSweepSubmit(string sweepId)
    {
        var activity = Source.StartActivity(TelemetryNames.Spans.SweepSubmit, ActivityKind.Internal);
        activity?.SetTag(TelemetryNames.Tags.SweepId, sweepId);
        return activity;
    }

    /// <summary>
    /// One attempt of a trial on the silo that runs it. Its parent is <paramref name="traceParent"/> (the
    /// W3C id of the sweep's submit span, carried through the sweep's and the trial's state), so every
    /// attempt, however much later and wherever it runs, is part of the trace that submitted the sweep.
    /// </summary>
    public static Activity? StartTrialRun(string? traceParent, string sweepId, string trialId, string cell, int attempt, string silo, string device)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
        var tags = new ActivityTagsCollection
        {
            [TelemetryNames.Tags.SweepId] = sweepId,
            [TelemetryNames.Tags.TrialId] = trialId,
            [TelemetryNames.Tags.TrialCell] = cell,
            [TelemetryNames.Tags.TrialAttempt] = attempt,
            [TelemetryNames.Tags.Silo] = silo,
            [TelemetryNames.Tags.Device] = device,
        };
        return Source.StartActivity(TelemetryNames.Spans.TrialRun, ActivityKind.Internal, parent, tags);
    }

    /// <summary>Sets the device a trial really trains on (cpu, cuda) on the current <c>trial.run</c> span, if that is current.</summary>
    public static void SetTrialDevice(string device)
    {
        if (Activity.Current is { } run && run.Source == Source && run.OperationName == TelemetryNames.Spans.TrialRun)
        {
            run.SetTag(TelemetryNames.Tags.Device, TelemetryNames.Devices.Of(device));
        }
    }

    /// <summary>One epoch of training (1-based).</summary>
    public static Activity? StartEpoch(int epoch, int firstStep, string device)
    {
        var activity = Source.StartActivity(TelemetryNames.Spans.TrainEpoch, ActivityKind.Internal);
        activity?.SetTag(TelemetryNames.Tags.Epoch, epoch).SetTag(TelemetryNames.Tags.Step, firstStep).SetTag(TelemetryNames.Tags.Device, device);
        return activity;
    }

    /// <summary>One evaluation pass over the held-out set.</summary>
    public static Activity? StartEvaluate(int examples, string device)
    {
        var activity = Source.StartActivity(TelemetryNames.Spans.TrainEvaluate, ActivityKind.Internal);
        activity?.SetTag("blora.eval.examples", examples).SetTag(TelemetryNames.Tags.Device, device);
        return activity;
    }

    /// <summary>Records an evaluation's metrics on its span.</summary>
    public static void SetEvaluation(Activity? activity, IReadOnlyDictionary<string, double> metrics)
    {
        if (activity is null || !activity.IsAllDataRequested)
        {
            return;
        }

        foreach (var (name, value) in metrics)
        {
            activity.SetTag(TelemetryNames.Tags.EvalPrefix + name, value);
        }
    }

    /// <summary>Writing (and handing over) one checkpoint at <paramref name="step"/>.</summary>
    public static Activity? StartCheckpoint(int step)
    {
        var activity = Source.StartActivity(TelemetryNames.Spans.TrainCheckpoint, ActivityKind.Internal);
        activity?.SetTag(TelemetryNames.Tags.Step, step);
        return activity;
    }

    /// <summary>Marks <paramref name="activity"/> failed with the exception's type and message.</summary>
    public static void Fail(Activity? activity, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        activity?.SetStatus(ActivityStatusCode.Error, error.Message)
            .AddException(error);
    }

    /// <summary>
    /// The W3C <c>traceparent</c> of <paramref name="activity"/>, else of the current span; null when
    /// neither exists (nothing is traced).
    /// </summary>
    public static string? TraceParentOf(Activity? activity) =>
        (activity ?? Activity.Current) is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;

    private static string CliName(string command) =>
        string.IsNullOrWhiteSpace(command) ? TelemetryNames.Spans.CliPrefix : $"{TelemetryNames.Spans.CliPrefix} {command}";
}
