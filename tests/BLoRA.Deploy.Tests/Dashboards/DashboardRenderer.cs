using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>
/// Draws a dashboard as a PNG the way Grafana lays it out (24-column grid, dark theme), each panel from its
/// own queries' results on a Prometheus over synthetic telemetry (<see cref="PrometheusServer"/>): a picture of
/// what the dashboard shows, since Grafana itself cannot run here. Panels are ScottPlot plots; the grid is
/// composed with SkiaSharp (which ScottPlot renders with). The Tempo panel shows the synthetic trial runs.
/// </summary>
internal sealed class DashboardRenderer(PrometheusServer prometheus)
{
    public const int Width = 1600;
    private const int RowHeight = 30;
    private const int Header = 56;
    private const int Gap = 6;

    private static readonly Color Background = Color.FromHex("#111217");
    private static readonly Color PanelBackground = Color.FromHex("#181b1f");
    private static readonly Color Text = Color.FromHex("#ccccdc");
    private static readonly Color GridLine = Color.FromHex("#2c3235");
    private static readonly Color[] Palette = new[] { "#73BF69", "#F2CC0C", "#8AB8FF", "#FF780A", "#F2495C", "#5794F2", "#B877D9", "#705DA0", "#37872D", "#FADE2A", "#447EBC", "#C4162A" }
        .Select(Color.FromHex).ToArray();

    /// <summary>Renders <paramref name="dashboard"/> to <paramref name="path"/>; returns the series count drawn per panel title.</summary>
    public IReadOnlyDictionary<string, int> Render(GrafanaDashboard dashboard, string path)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var rows = dashboard.Panels.Max(p => p.Grid.Y + p.Grid.H);
        var height = Header + rows * RowHeight + Gap;
        var drawn = new Dictionary<string, int>(StringComparer.Ordinal);
        var variables = dashboard.Variables.Select(v => v.Name).ToList();
        using var surface = SKSurface.Create(new SKImageInfo(Width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColor.Parse(Background.ToHex()));
        DrawImage(canvas, HeaderPlot(dashboard), new SKRect(0, 0, Width, Header));
        var column = Width / 24.0f;
        foreach (var panel in dashboard.Panels)
        {
            var rect = new SKRect(
                panel.Grid.X * column + Gap / 2f, Header + panel.Grid.Y * RowHeight + Gap / 2f,
                (panel.Grid.X + panel.Grid.W) * column - Gap / 2f, Header + (panel.Grid.Y + panel.Grid.H) * RowHeight - Gap / 2f);
            var (plot, series) = Panel(panel, variables);
            drawn[panel.Title] = series;
            DrawImage(canvas, plot, rect);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        png.SaveTo(file);
        return drawn;
    }

    private static void DrawImage(SKCanvas canvas, Plot plot, SKRect rect)
    {
        var bytes = plot.GetImageBytes((int)rect.Width, (int)rect.Height, ImageFormat.Png);
        using var bitmap = SKBitmap.Decode(bytes);
        canvas.DrawBitmap(bitmap, rect);
    }

    private static Plot HeaderPlot(GrafanaDashboard dashboard)
    {
        var plot = Styled(new Plot());
        plot.FigureBackground.Color = Background;
        plot.DataBackground.Color = Background;
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(0, 1, 0, 1);
        var title = plot.Add.Text(dashboard.Title, 0.005, 0.62);
        title.LabelFontSize = 22;
        title.LabelBold = true;
        title.LabelFontColor = Text;
        title.LabelAlignment = Alignment.MiddleLeft;
        var note = plot.Add.Text(
            $"Rendered offline, not a Grafana screenshot: every panel drawn from its own queries on Prometheus 2.42 over an hour of synthetic telemetry (sweep '{SyntheticTelemetry.Sweep}', 3 GPU workers).",
            0.005, 0.18);
        note.LabelFontSize = 12;
        note.LabelFontColor = Color.FromHex("#8e8e8e");
        note.LabelAlignment = Alignment.MiddleLeft;
        return plot;
    }

    private (Plot Plot, int Series) Panel(DashboardPanel panel, IReadOnlyList<string> variables)
    {
        var plot = Styled(new Plot());
        plot.Title(panel.Title);
        plot.Axes.Title.Label.FontSize = 14;
        plot.Axes.Title.Label.ForeColor = Text;
        plot.Axes.Title.Label.Bold = false;
        if (panel.DatasourceUid == "tempo")
        {
            return (TraceTable(plot), SyntheticTelemetry.Trials.Count);
        }

        var results = panel.Targets.Where(t => t.Expr is not null).Select(t =>
        {
            var expr = PromQl.Substitute(t.Expr!, variables);
            return (Target: t, Series: t.Instant ? prometheus.Query(expr) : prometheus.QueryRange(expr));
        }).ToList();
        var count = results.Sum(r => r.Series.Count);
        switch (panel.Type)
        {
            case "timeseries":
                TimeSeries(plot, panel, results);
                break;
            case "stat":
            case "gauge":
                Stat(plot, panel, results);
                break;
            case "bargauge":
                BucketBars(plot, results);
                break;
            case "xychart":
                Scatter(plot, results);
                break;
            default:
                throw new InvalidOperationException($"panel '{panel.Title}': no preview for type {panel.Type}");
        }

        return (plot, count);
    }

    private static void TimeSeries(Plot plot, DashboardPanel panel, List<(PanelTarget Target, IReadOnlyList<QuerySeries> Series)> results)
    {
        var stacked = panel.Json.TryGetProperty("fieldConfig", out var fc) && fc.GetProperty("defaults").TryGetProperty("custom", out var custom) &&
                      custom.TryGetProperty("stacking", out var stacking) && stacking.GetProperty("mode").GetString() == "normal";
        var dashed = DashedRefIds(panel);
        var color = 0;
        double[]? baseline = null;
        foreach (var (target, series) in results)
        {
            foreach (var s in series.OrderBy(s => s.Legend(target.LegendFormat), StringComparer.Ordinal))
            {
                var xs = s.Points.Select(p => DateTimeOffset.FromUnixTimeSeconds(p.Time).UtcDateTime.ToOADate()).ToArray();
                var ys = s.Points.Select(p => Scale(panel.Unit, p.Value)).ToArray();
                var c = Palette[color++ % Palette.Length];
                if (stacked && xs.Length == PointsPerRange)
                {
                    baseline ??= new double[xs.Length];
                    var top = baseline.Zip(ys, (a, b) => a + (double.IsNaN(b) ? 0 : b)).ToArray();
                    var fill = plot.Add.FillY(xs, baseline, top);
                    fill.FillColor = c.WithAlpha(0.35);
                    fill.LineColor = c;
                    fill.LegendText = Short(s.Legend(target.LegendFormat));
                    baseline = top;
                    continue;
                }

                var line = plot.Add.ScatterLine(xs, ys);
                line.Color = c;
                line.LineWidth = 1.5f;
                line.LegendText = Short(s.Legend(target.LegendFormat));
                if (dashed.Contains(target.RefId))
                {
                    line.LinePattern = LinePattern.Dashed;
                }
            }
        }

        plot.Axes.DateTimeTicksBottom().TickGenerator = new ScottPlot.TickGenerators.DateTimeAutomatic { LabelFormatter = t => t.ToString("HH:mm", CultureInfo.InvariantCulture) };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Format(panel.Unit, v) };
        plot.Axes.SetLimitsX(DateTimeOffset.FromUnixTimeSeconds(PrometheusServer.From).UtcDateTime.ToOADate(), DateTimeOffset.FromUnixTimeSeconds(PrometheusServer.To).UtcDateTime.ToOADate());
        plot.Legend.FontSize = 10;
        plot.ShowLegend(Edge.Bottom);
    }

    private static int PointsPerRange => (int)((PrometheusServer.To - PrometheusServer.From) / 60) + 1;

    private static HashSet<string> DashedRefIds(DashboardPanel panel)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (!panel.Json.TryGetProperty("fieldConfig", out var fc) || !fc.TryGetProperty("overrides", out var overrides))
        {
            return ids;
        }

        foreach (var o in overrides.EnumerateArray())
        {
            var matcher = o.GetProperty("matcher");
            var dashes = o.GetProperty("properties").EnumerateArray().Any(p => p.GetProperty("id").GetString() == "custom.lineStyle");
            if (dashes && matcher.GetProperty("id").GetString() == "byFrameRefID")
            {
                ids.Add(matcher.GetProperty("options").GetString()!);
            }
        }

        return ids;
    }

    private static void Stat(Plot plot, DashboardPanel panel, List<(PanelTarget Target, IReadOnlyList<QuerySeries> Series)> results)
    {
        var values = results.SelectMany(r => r.Series.Select(s => (Name: Short(s.Legend(r.Target.LegendFormat)), Value: s.Points.LastOrDefault(p => !double.IsNaN(p.Value)).Value)))
            .OrderBy(v => StateOrder(v.Name)).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(0, Math.Max(1, values.Count), 0, 1);
        for (var i = 0; i < values.Count; i++)
        {
            var color = panel.Type == "gauge" ? Palette[0] : values.Count == 1 ? Palette[2] : Palette[i % Palette.Length];
            var number = plot.Add.Text(Format(panel.Unit, Scale(panel.Unit, values[i].Value), stat: true), i + 0.5, 0.55);
            number.LabelFontSize = values.Count > 3 ? 24 : 32;
            number.LabelBold = true;
            number.LabelFontColor = color;
            number.LabelAlignment = Alignment.MiddleCenter;
            var name = plot.Add.Text(values[i].Name, i + 0.5, 0.15);
            name.LabelFontSize = 11;
            name.LabelFontColor = Text;
            name.LabelAlignment = Alignment.MiddleCenter;
            if (panel.Type == "gauge")
            {
                var track = plot.Add.Rectangle(0.1, 0.9, 0.84, 0.92);
                track.FillStyle.Color = GridLine;
                track.LineStyle.Width = 0;
                var bar = plot.Add.Rectangle(0.1, 0.1 + 0.8 * Math.Clamp(values[i].Value, 0, 1), 0.84, 0.92);
                bar.FillStyle.Color = color;
                bar.LineStyle.Width = 0;
            }
        }
    }

    private static void BucketBars(Plot plot, List<(PanelTarget Target, IReadOnlyList<QuerySeries> Series)> results)
    {
        // Grafana's "heatmap" format: cumulative le buckets become per-bucket counts.
        var buckets = results.SelectMany(r => r.Series)
            .Select(s => (Le: s.Labels["le"], Bound: s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], CultureInfo.InvariantCulture), Count: s.Points[^1].Value))
            .OrderBy(b => b.Bound).ToList();
        var counts = buckets.Select((b, i) => b.Count - (i == 0 ? 0 : buckets[i - 1].Count)).ToArray();
        var positions = Enumerable.Range(0, counts.Length).Select(i => (double)i).ToArray();
        var bars = plot.Add.Bars(positions, counts);
        foreach (var bar in bars.Bars)
        {
            bar.FillColor = Palette[2];
            bar.LineWidth = 0;
        }

        plot.Axes.Bottom.SetTicks(positions, buckets.Select((b, i) => i == 0 ? $"≤{b.Le}" : $"{buckets[i - 1].Le}-{b.Le}").ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("trials");
    }

    private static void Scatter(Plot plot, List<(PanelTarget Target, IReadOnlyList<QuerySeries> Series)> results)
    {
        var points = ScatterPoints(results.Select(r => r.Series).ToList());
        var xs = points.Select(p => p.Bops).ToArray();
        var ys = points.Select(p => p.Metric).ToArray();
        var scatter = plot.Add.ScatterPoints(xs, ys);
        scatter.Color = Palette[0];
        scatter.MarkerSize = 9;
        foreach (var p in points)
        {
            var label = plot.Add.Text(Short(p.Trial), p.Bops, p.Metric);
            label.LabelFontSize = 10;
            label.LabelFontColor = Text;
            label.LabelOffsetX = 6;
        }

        plot.XLabel("relative BOPs (last value)");
        plot.YLabel("metric (last value)");
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => v.ToString("0.00", CultureInfo.InvariantCulture) };
        plot.Axes.SetLimitsX(0, Math.Max(0.25, xs.DefaultIfEmpty(0).Max() * 1.25));
    }

    /// <summary>The xychart's join: each trial's BOPs (query A) and metric (query B), matched on the trial label.</summary>
    public static IReadOnlyList<(string Trial, double Bops, double Metric)> ScatterPoints(IReadOnlyList<IReadOnlyList<QuerySeries>> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var metric = results[1].ToDictionary(s => s.Labels["trial"], s => s.Points[^1].Value, StringComparer.Ordinal);
        return results[0].Where(s => metric.ContainsKey(s.Labels["trial"]))
            .Select(s => (s.Labels["trial"], s.Points[^1].Value, metric[s.Labels["trial"]]))
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ToList();
    }

    private static Plot TraceTable(Plot plot)
    {
        plot.Axes.Frameless();
        plot.HideGrid();
        string[] header = ["span", "blora.trial.id", "blora.trial.cell", "blora.silo", "blora.device", "duration", "status"];
        double[] columns = [0.01, 0.09, 0.24, 0.55, 0.65, 0.74, 0.83];
        var rows = SyntheticTelemetry.Trials.OrderByDescending(t => t.Start).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        plot.Axes.SetLimits(0, 1, -rows.Count - 0.5, 1);
        for (var c = 0; c < header.Length; c++)
        {
            var h = plot.Add.Text(header[c], columns[c], 0);
            h.LabelFontSize = 11;
            h.LabelBold = true;
            h.LabelFontColor = Text;
            h.LabelAlignment = Alignment.MiddleLeft;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var t = rows[r];
            var running = t.End > SyntheticTelemetry.Duration;
            string[] cells = ["trial.run", t.Id, t.Cell, t.Silo, "cuda", running ? "-" : $"{(t.End - t.Start) / 60.0:0.0} min", running ? "running" : t.FinalState == "Completed" ? "ok" : t.FinalState.ToLowerInvariant()];
            for (var c = 0; c < cells.Length; c++)
            {
                var cell = plot.Add.Text(cells[c], columns[c], -r - 1);
                cell.LabelFontSize = 10;
                cell.LabelFontColor = c == 6 && t.FinalState != "Completed" ? Palette[4] : Text;
                cell.LabelAlignment = Alignment.MiddleLeft;
            }
        }

        plot.Title("Recent trial runs (traces) - synthetic trial.run spans: Tempo is not queried offline");
        return plot;
    }

    private static Plot Styled(Plot plot)
    {
        plot.Font.Set(Fonts.Detect("DejaVu Sans"));
        plot.FigureBackground.Color = PanelBackground;
        plot.DataBackground.Color = PanelBackground;
        plot.Axes.Color(Text);
        plot.Grid.MajorLineColor = GridLine;
        plot.Legend.BackgroundColor = PanelBackground;
        plot.Legend.FontColor = Text;
        plot.Legend.OutlineColor = PanelBackground;
        return plot;
    }

    private static double Scale(string? unit, double v) => unit == "bytes" ? v / (1L << 30) : v;

    private static string Format(string? unit, double v, bool stat = false) => unit switch
    {
        "percentunit" => (v * 100).ToString(stat ? "0.0" : "0", CultureInfo.InvariantCulture) + "%",
        "bytes" => v.ToString("0.#", CultureInfo.InvariantCulture) + " GiB",
        "s" => v.ToString("0", CultureInfo.InvariantCulture) + " s",
        "ms" => v.ToString("0.##", CultureInfo.InvariantCulture) + " ms",
        "reqps" => v.ToString("0.#", CultureInfo.InvariantCulture) + (stat ? " req/s" : ""),
        _ when stat && Math.Abs(v - Math.Round(v)) > 1e-9 => v.ToString("0.000", CultureInfo.InvariantCulture),
        _ => v.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static int StateOrder(string name) => Array.IndexOf(["Pending", "Running", "Completed", "Failed", "Stopped"], name) is var i and >= 0 ? i : 99;

    private static string Short(string legend) => legend.Replace(SyntheticTelemetry.Sweep + ".", "", StringComparison.Ordinal);
}
