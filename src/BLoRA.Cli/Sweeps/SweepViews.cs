using System.Globalization;
using BLoRA.Abstractions;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BLoRA.Cli.Sweeps;

/// <summary>Tables shared by status, watch, pareto and the demo.</summary>
internal static class SweepViews
{
    public static Table Status(SweepStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var table = new Table().AddColumns("sweep", "state", "trials", "pending", "running", "completed", "failed", "stopped").Border(TableBorder.Rounded);
        table.AddRow(Markup.Escape(s.SweepId), StateMarkup(s.State.ToString()) + (s.Reason is null ? "" : $" ({Markup.Escape(s.Reason)})"), N(s.Total), N(s.Pending), N(s.Running), N(s.Completed), N(s.Failed), N(s.Stopped));
        if (s.StorageProblem is { } problem)
        {
            table.Caption(new TableTitle(problem, new Style(Color.Yellow)));
        }

        return table;
    }

    public static Table Trials(IReadOnlyList<TrialSummary> trials, ParetoFront? front)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var onFront = front?.Points.Select(p => p.TrialId).ToHashSet(StringComparer.Ordinal) ?? [];
        var table = new Table().AddColumns("trial", "cell", "state", "progress", "loss", "bits", "rank", "BOPs", "metric", "rel. BOPs").Border(TableBorder.Simple);
        foreach (var t in trials)
        {
            var p = t.LastProgress;
            var r = t.Result;
            table.AddRow(
                new Markup(Markup.Escape(t.TrialId) + (onFront.Contains(t.TrialId) ? " [green]*[/]" : "")),
                new Markup(Markup.Escape(FrontierFiles.Label(t.Cell))),
                new Markup(StateMarkup(t.State.ToString()) + (t.Reason is null || t.State == TrialState.Completed ? "" : $" [grey]{Markup.Escape(Shorten(t.Reason))}[/]")),
                Bar(p),
                new Text(p is null ? "" : F(p.Loss, "0.000")),
                new Text(p is null ? "" : F(p.ExpectedBits, "0.0")),
                new Text(p is null ? "" : F(p.ExpectedRank, "0.0")),
                new Text(p is null ? "" : F(p.ExpectedRelativeBops, "P0")),
                new Text(r is null ? "" : F(r.PrimaryMetric, "0.000")),
                new Text(r is null ? "" : F(r.Bops.AdapterRelative, "0.000")));
        }

        return table;
    }

    public static Table Front(ParetoFront front)
    {
        ArgumentNullException.ThrowIfNull(front);
        var table = new Table().AddColumns("trial", "cell", front.MetricName, "relative BOPs").Border(TableBorder.Rounded)
            .Title($"Pareto frontier ({front.Points.Length} points, hypervolume {F(front.Hypervolume, "0.0000")} vs reference ({F(front.Reference.Metric, "0.##")}, {F(front.Reference.RelativeBops, "0.##")}))");
        foreach (var p in front.Points.OrderBy(p => p.RelativeBops))
        {
            table.AddRow(Markup.Escape(p.TrialId), Markup.Escape(FrontierFiles.Label(p.Cell)), F(p.Metric, "0.0000"), F(p.RelativeBops, "0.0000"));
        }

        return table;
    }

    private static IRenderable Bar(TrialProgress? p)
    {
        if (p is null || p.TotalSteps <= 0)
        {
            return new Text("");
        }

        var fraction = Math.Clamp((double)p.Step / p.TotalSteps, 0, 1);
        const int width = 20;
        var filled = (int)Math.Round(fraction * width);
        return new Markup($"[green]{new string('━', filled)}[/][grey]{new string('━', width - filled)}[/] {p.Step}/{p.TotalSteps}");
    }

    private static string StateMarkup(string state) => state switch
    {
        "Completed" => "[green]Completed[/]",
        "Running" => "[blue]Running[/]",
        "Failed" => "[red]Failed[/]",
        "Cancelled" or "Stopped" => $"[yellow]{state}[/]",
        _ => state,
    };

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
