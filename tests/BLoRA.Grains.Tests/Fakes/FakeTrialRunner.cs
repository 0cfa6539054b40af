using System.Collections.Immutable;
using System.Globalization;
using BLoRA.Abstractions;

namespace BLoRA.Grains.Tests.Fakes;

/// <summary>
/// A trial runner with controllable duration, progress, checkpoints and outcome (from the
/// journal's plan for the sweep). Checkpoints are <c>ckpt:{trialId}:{step}</c>; a resumed attempt
/// starts after the checkpoint's step. Metric and relative BOPs are a stable function of the trial id.
/// </summary>
public sealed class FakeTrialRunner(FakeRunnerJournal journal, string silo) : ITrialRunner
{
    public async Task<TrialOutcome> RunAsync(TrialRun run, ITrialProgressSink progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(progress);
        var plan = journal.PlanFor(run.Spec);
        var start = run.ResumeCheckpoint is { } ckpt ? long.Parse(ckpt[(ckpt.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture) : 0;
        var record = journal.Begin(run, silo, start);
        var ending = "cancelled";
        try
        {
            var (metric, bops) = Objectives(run.Spec);
            for (var step = start + 1; step <= plan.TotalSteps; step++)
            {
                await Task.Delay(plan.StepDelay, cancellationToken);
                record.LastStep = step;
                var checkpoint = plan.CheckpointEvery > 0 && step % plan.CheckpointEvery == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"ckpt:{run.Spec.TrialId}:{step}") : null;
                double? eval = plan.EvalEvery > 0 && step % plan.EvalEvery == 0 ? metric * step / plan.TotalSteps : null;
                await progress.ReportAsync(new TrialProgress(step, plan.TotalSteps, 0, 1.0 / step, eval, 8, 4, bops, checkpoint), cancellationToken);
                if (step == plan.HoldAtStep && run.Attempt == 1 && plan.Release is { } release)
                {
                    await release.WaitAsync(cancellationToken);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (plan.Throw?.Invoke(run.Attempt) is { } error)
            {
                ending = "threw";
                throw error;
            }

            if (run.Attempt <= plan.FailAttempts)
            {
                ending = "failed";
                return TrialOutcome.Failed($"planned failure on attempt {run.Attempt}");
            }

            ending = "completed";
            return TrialOutcome.Completed(Result(run.Spec, plan.TotalSteps, metric, bops));
        }
        finally
        {
            journal.End(record, run, ending);
        }
    }

    /// <summary>The trial's final metric in [0.5, 0.95] and relative BOPs in [0.1, 1.0].</summary>
    public static (double Metric, double Bops) Objectives(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var h = 2166136261u;
        foreach (var c in spec.TrialId)
        {
            h = (h ^ c) * 16777619u;
        }

        return (0.5 + 0.45 * (h % 1000) / 999.0, 0.1 + 0.9 * ((h / 1000) % 1000) / 999.0);
    }

    private static TrialResult Result(TrialSpec spec, long steps, double metric, double bops) => new(
        ImmutableDictionary<string, double>.Empty.Add("accuracy", metric),
        "accuracy",
        metric,
        new BopsReport(bops * 1e9, bops, 1e12),
        spec.BopBudget is { } budget ? bops <= budget : null,
        ImmutableDictionary<string, int>.Empty.Add("layer.0.query", 4),
        ImmutableDictionary<string, int>.Empty.Add("layer.0.query.A", 8),
        steps,
        0.01,
        ImmutableDictionary<string, string>.Empty.Add("adapter", ArtifactKeys.Adapter(spec.SweepId, spec.TrialId)));
}
