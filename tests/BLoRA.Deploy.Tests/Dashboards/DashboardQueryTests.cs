namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>
/// The dashboards' queries run on a real Prometheus over an hour of synthetic telemetry shaped by the contract:
/// a query that parses but selects nothing (a wrong label, a misspelt metric, a bad join) fails here.
/// </summary>
public sealed class DashboardQueryTests(PrometheusServer prometheus) : IClassFixture<PrometheusServer>
{
    [Fact]
    public void Every_panel_query_returns_series_with_values()
    {
        var empty = new List<string>();
        foreach (var d in GrafanaDashboard.LoadAll())
        {
            var variables = d.Variables.Select(v => v.Name).ToList();
            foreach (var p in d.Panels)
            {
                foreach (var t in p.Targets.Where(t => t.Expr is not null))
                {
                    var expr = PromQl.Substitute(t.Expr!, variables);
                    var series = t.Instant ? prometheus.Query(expr) : prometheus.QueryRange(expr);
                    if (!series.Any(s => s.Points.Any(pt => !double.IsNaN(pt.Value))))
                    {
                        empty.Add($"{d.File} '{p.Title}' {t.RefId}: {expr}");
                    }
                }
            }
        }

        Assert.Empty(empty);
    }

    [Fact]
    public void Every_variable_lists_values()
    {
        foreach (var d in GrafanaDashboard.LoadAll())
        {
            var variables = d.Variables.Select(v => v.Name).ToList();
            foreach (var v in d.Variables)
            {
                var (selector, label) = PromQl.LabelValues(v.Query!)!.Value;
                var values = prometheus.QueryRange(PromQl.Substitute(selector, variables)).Select(s => s.Labels.GetValueOrDefault(label)).Where(x => x is not null).Distinct().ToList();
                Assert.True(values.Count > 0, $"{d.File}: ${v.Name} lists no values of '{label}'");
            }
        }
    }

    [Fact]
    public void The_accuracy_vs_bops_scatter_joins_each_trials_last_metric_and_bops()
    {
        var sweep = GrafanaDashboard.LoadAll().Single(d => d.Uid == "blora-sweep");
        var panel = sweep.Panels.Single(p => p.Type == "xychart");
        var variables = sweep.Variables.Select(v => v.Name).ToList();
        var results = panel.Targets.Select(t => prometheus.Query(PromQl.Substitute(t.Expr!, variables))).ToList();
        var points = DashboardRenderer.ScatterPoints(results);
        Assert.Equal(SyntheticTelemetry.Trials.Count, points.Count);
        foreach (var trial in SyntheticTelemetry.Trials)
        {
            var point = points.Single(p => p.Trial == trial.Id);
            // The last values each trial reported: where it ended, or at the end of the hour if it still runs.
            var p = trial.Progress(trial.LastSampleTime);
            Assert.Equal(trial.Bops(p), point.Bops, 6);
            Assert.Equal(trial.Metric(Math.Floor(p * 10) / 10), point.Metric, 6);
        }
    }
}
