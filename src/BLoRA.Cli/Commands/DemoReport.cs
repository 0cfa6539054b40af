using BLoRA.Abstractions;

namespace BLoRA.Cli.Commands;

/// <summary>What `blora demo --json` prints: the final frontier, each point with its grid cell, metrics and BOPs.</summary>
internal sealed record DemoReport(string SweepId, string State, int Trials, int Completed, string MetricName, double Hypervolume, IReadOnlyList<DemoReport.Point> Frontier, IReadOnlyList<DemoReport.Point> AllTrials)
{
    public static DemoReport From(string sweepId, SweepStatus status, IReadOnlyList<TrialSummary> trials, ParetoFront front)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(front);
        var byId = trials.ToDictionary(t => t.TrialId, StringComparer.Ordinal);
        Point ToPoint(TrialSummary t, bool onFront) =>
            new(t.TrialId, t.Cell, t.Result!.Metrics, new Bops(t.Result.Bops.AdapterRelative, t.Result.Bops.Adapter, t.Result.Bops.Model), t.Result.BudgetMet, onFront);
        var frontier = front.Points.OrderBy(p => p.RelativeBops).Select(p => ToPoint(byId[p.TrialId], true)).ToList();
        var onFront = front.Points.Select(p => p.TrialId).ToHashSet(StringComparer.Ordinal);
        var all = trials.Where(t => t.Result is not null).Select(t => ToPoint(t, onFront.Contains(t.TrialId))).ToList();
        return new DemoReport(sweepId, status.State.ToString(), status.Total, status.Completed, front.MetricName, front.Hypervolume, frontier, all);
    }

    internal sealed record Point(string TrialId, IReadOnlyDictionary<string, string> Cell, IReadOnlyDictionary<string, double> Metrics, Bops Bops, bool? BudgetMet, bool OnFrontier);

    internal sealed record Bops(double AdapterRelative, double Adapter, double Model);
}
