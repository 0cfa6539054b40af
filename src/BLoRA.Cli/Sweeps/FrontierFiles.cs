using System.Globalization;
using System.Text;
using BLoRA.Abstractions;
using ScottPlot;

namespace BLoRA.Cli.Sweeps;

/// <summary>The frontier as CSV and as a plot of accuracy against relative BOPs (ScottPlot, PNG or SVG).</summary>
internal static class FrontierFiles
{
    /// <summary>One row per completed trial: grid cell, metric, relative BOPs, whether it is on the frontier.</summary>
    public static string Csv(IReadOnlyList<TrialSummary> trials, ParetoFront front)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(front);
        var axes = trials.SelectMany(t => t.Cell.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var onFront = front.Points.Select(p => p.TrialId).ToHashSet(StringComparer.Ordinal);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', ((IEnumerable<string>)["trial", .. axes, front.MetricName, "relative_bops", "adapter_bops", "on_frontier"])));
        foreach (var t in trials.Where(t => t.Result is not null))
        {
            var r = t.Result!;
            var cells = axes.Select(a => t.Cell.TryGetValue(a, out var v) ? v : "");
            csv.AppendLine(string.Join(',', new[] { t.TrialId }.Concat(cells).Concat([
                r.PrimaryMetric.ToString("R", CultureInfo.InvariantCulture),
                r.Bops.AdapterRelative.ToString("R", CultureInfo.InvariantCulture),
                r.Bops.Adapter.ToString("R", CultureInfo.InvariantCulture),
                onFront.Contains(t.TrialId) ? "true" : "false"])));
        }

        return csv.ToString();
    }

    /// <summary>Writes the plot; the extension picks the format (.png or .svg).</summary>
    public static void Plot(IReadOnlyList<TrialSummary> trials, ParetoFront front, string path)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(front);
        var done = trials.Where(t => t.Result is not null).ToList();
        var plot = new Plot();
        var all = plot.Add.ScatterPoints(done.Select(t => t.Result!.Bops.AdapterRelative).ToArray(), done.Select(t => t.Result!.PrimaryMetric).ToArray());
        all.MarkerSize = 8;
        all.LegendText = "trials";
        foreach (var t in done)
        {
            var label = plot.Add.Text(Label(t.Cell), t.Result!.Bops.AdapterRelative, t.Result.PrimaryMetric);
            label.LabelFontSize = 10;
            label.LabelOffsetX = 6;
        }

        var points = front.Points.OrderBy(p => p.RelativeBops).ToList();
        if (points.Count > 0)
        {
            var line = plot.Add.ScatterLine(points.Select(p => p.RelativeBops).ToArray(), points.Select(p => p.Metric).ToArray());
            line.LineWidth = 2;
            line.MarkerSize = 12;
            line.MarkerShape = MarkerShape.OpenCircle;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LegendText = $"Pareto frontier (hypervolume {front.Hypervolume:0.0000})";
        }

        var maxX = done.Select(t => t.Result!.Bops.AdapterRelative).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsX(0, Math.Max(1.0, maxX) * 1.2); // room for the labels right of the points
        plot.Title($"{front.MetricName} vs adapter BOPs relative to fp32 LoRA");
        plot.XLabel("relative adapter BOPs (lower is cheaper)");
        plot.YLabel(front.MetricName);
        plot.ShowLegend(Alignment.LowerRight);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            plot.SaveSvg(path, 900, 600);
        }
        else
        {
            plot.SavePng(path, 900, 600);
        }
    }

    /// <summary>A grid cell as a short label: "λ=10 B=0.3 s=0".</summary>
    public static string Label(IReadOnlyDictionary<string, string> cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return string.Join(' ', cell.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key switch
        {
            SweepGrid.PriorStrengthAxis => $"λ={kv.Value}",
            SweepGrid.BopBudgetAxis => $"B={(string.IsNullOrEmpty(kv.Value) ? "-" : kv.Value)}",
            SweepGrid.SeedAxis => $"s={kv.Value}",
            _ => $"{kv.Key}={kv.Value}",
        }));
    }
}
