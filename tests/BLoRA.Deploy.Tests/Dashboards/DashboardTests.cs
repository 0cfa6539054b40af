using System.Reflection;
using System.Text;
using BLoRA.Deploy.Tests.Infrastructure;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>The provisioned dashboards, checked without Grafana: structure, datasources, PromQL, metric names.</summary>
public sealed class DashboardTests
{
    private static readonly IReadOnlyList<GrafanaDashboard> Dashboards = GrafanaDashboard.LoadAll();

    [Fact]
    public void The_sweep_and_orleans_dashboards_parse_with_unique_uids_and_panel_ids()
    {
        Assert.Equal(["blora-orleans.json", "blora-sweep.json"], Dashboards.Select(d => d.File));
        Assert.Equal(Dashboards.Count, Dashboards.Select(d => d.Uid).Distinct(StringComparer.Ordinal).Count());
        foreach (var d in Dashboards)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Title));
            Assert.NotEmpty(d.Panels);
            Assert.Equal(d.Panels.Count, d.Panels.Select(p => p.Id).Distinct().Count());
            Assert.All(d.Panels, p => Assert.NotEmpty(p.Targets));
        }
    }

    [Fact]
    public void Panels_fit_the_grid_without_overlapping()
    {
        foreach (var d in Dashboards)
        {
            var cells = new HashSet<(int, int)>();
            foreach (var p in d.Panels)
            {
                Assert.True(p.Grid.W > 0 && p.Grid.H > 0 && p.Grid.X >= 0 && p.Grid.X + p.Grid.W <= 24, $"{d.File}: panel '{p.Title}' leaves the 24-column grid");
                for (var x = p.Grid.X; x < p.Grid.X + p.Grid.W; x++)
                {
                    for (var y = p.Grid.Y; y < p.Grid.Y + p.Grid.H; y++)
                    {
                        Assert.True(cells.Add((x, y)), $"{d.File}: panel '{p.Title}' overlaps another at ({x},{y})");
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_panel_query_and_variable_uses_a_provisioned_datasource_of_the_right_type()
    {
        var provisioned = Yaml.LoadFile("deploy/grafana/provisioning/datasources/datasources.yaml").Items("datasources")
            .ToDictionary(ds => ds.Scalar("uid")!, ds => ds.Scalar("type")!, StringComparer.Ordinal);
        Assert.Equal("prometheus", provisioned["prometheus"]);
        Assert.Equal("tempo", provisioned["tempo"]);
        var checkedTargets = 0;
        foreach (var d in Dashboards)
        {
            foreach (var p in d.Panels)
            {
                Assert.True(p.DatasourceUid is not null && provisioned.ContainsKey(p.DatasourceUid), $"{d.File}: panel '{p.Title}' uses datasource '{p.DatasourceUid}', which is not provisioned");
                foreach (var t in p.Targets)
                {
                    Assert.True(t.DatasourceUid is not null && provisioned.ContainsKey(t.DatasourceUid), $"{d.File}: '{p.Title}' query {t.RefId} uses datasource '{t.DatasourceUid}', which is not provisioned");
                    // A PromQL query on a Prometheus datasource, a TraceQL one on Tempo.
                    Assert.Equal(provisioned[t.DatasourceUid!] == "prometheus", t.Expr is not null);
                    Assert.Equal(provisioned[t.DatasourceUid!] == "tempo", t.Query is not null);
                    checkedTargets++;
                }
            }

            Assert.All(d.Variables, v => Assert.True(v.DatasourceUid is not null && provisioned.ContainsKey(v.DatasourceUid), $"{d.File}: variable ${v.Name} uses an unprovisioned datasource"));
        }

        Assert.True(checkedTargets > 40, $"only {checkedTargets} queries found");
    }

    [Fact]
    public void Every_promql_expression_and_variable_selector_passes_promtool()
    {
        var rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        var count = 0;
        foreach (var (where, expr) in Expressions())
        {
            rules.Append("      # ").Append(where).Append('\n');
            rules.Append("      - record: dashboard:query").Append(count++).Append('\n');
            rules.Append("        expr: '").Append(expr.Replace("'", "''", StringComparison.Ordinal)).Append("'\n");
        }

        var result = Promtool(rules.ToString());
        Assert.True(result.ExitCode == 0, result.Describe("promtool check rules"));
        Assert.Contains($"SUCCESS: {count} rules found", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Promtool_rejects_a_broken_expression_so_the_check_above_is_live()
    {
        var result = Promtool("groups:\n  - name: broken\n    rules:\n      - record: broken\n        expr: 'sum by (le (rate(blora_train_steps_total[1m]))'\n");
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void Every_metric_and_label_queried_is_in_the_telemetry_contract()
    {
        var problems = new List<string>();
        foreach (var (where, expr) in Expressions())
        {
            var metrics = PromQl.MetricNames(expr).Select(n => (Name: n, Metric: TelemetryContract.Find(n))).ToList();
            problems.AddRange(metrics.Where(m => m.Metric is null).Select(m => $"{where}: {m.Name} is not a contract or Orleans metric"));
            var labels = metrics.Where(m => m.Metric is not null).SelectMany(m => m.Metric!.Labels).Concat(TelemetryContract.CommonLabels).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(PromQl.LabelNames(expr).Where(l => !labels.Contains(l)).Select(l => $"{where}: label '{l}' is on none of {string.Join(", ", metrics.Select(m => m.Name))}"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Orleans_metrics_are_instruments_of_the_referenced_Orleans()
    {
        // InstrumentNames holds every instrument name of the Orleans runtime the silos run (Orleans.Core).
        var names = Assembly.Load("Orleans.Core").GetTypes()
            .Where(t => t.Name == "InstrumentNames")
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(names);
        foreach (var m in TelemetryContract.Orleans.Where(m => m.OrleansInstrument is not null))
        {
            Assert.Contains(m.OrleansInstrument!, names);
            Assert.StartsWith(m.OrleansInstrument!.Replace('-', '_'), m.Name, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_sweep_dashboard_shows_what_the_issue_asks_for()
    {
        var sweep = Dashboards.Single(d => d.Uid == "blora-sweep");
        string[] Metrics(string panelType) => sweep.Panels.Where(p => p.Type == panelType)
            .SelectMany(p => p.Targets).Where(t => t.Expr is not null).SelectMany(t => PromQl.MetricNames(t.Expr!)).ToArray();
        var timeseries = Metrics("timeseries");
        Assert.Contains(Metrics("gauge"), m => m == "blora_sweep_trials");                  // progress
        Assert.Contains("blora_sweep_trials", timeseries);                                   // trial states
        Assert.Contains("blora_train_loss_ratio", timeseries);                               // loss curves
        Assert.Contains("blora_train_metric_ratio", timeseries);                             // metric curves
        Assert.Contains("blora_train_expected_bits", timeseries);                            // bits over time
        Assert.Contains("blora_train_expected_rank_ratio", timeseries);                      // rank over time
        Assert.Equal(["blora_train_expected_bops_ratio", "blora_train_metric_ratio"], Metrics("xychart").Order(StringComparer.Ordinal)); // accuracy vs BOPs
        Assert.Contains("blora_gpu_utilization_ratio", timeseries);                          // GPU utilisation
        Assert.Contains("blora_gpu_memory_used_bytes", timeseries);                          // GPU memory
        Assert.Contains(sweep.Panels, p => p.DatasourceUid == "tempo");                     // the trial.run traces
        var orleans = Dashboards.Single(d => d.Uid == "blora-orleans");
        Assert.All(orleans.Panels.SelectMany(p => p.Targets), t => Assert.Contains(PromQl.MetricNames(t.Expr!), m => m.StartsWith("orleans_", StringComparison.Ordinal) || m == "target_info"));
    }

    [Fact]
    public void The_compose_stack_provisions_these_dashboards_and_datasources_into_grafana()
    {
        var provider = Yaml.LoadFile("deploy/grafana/provisioning/dashboards/blora.yaml").Items("providers").Single();
        var path = provider.Get("options")!.Scalar("path");
        var lgtm = Yaml.LoadFile("deploy/docker-compose.yml").Get("services")!.Get("lgtm")!;
        var volumes = lgtm.Items("volumes").Select(v => ((YamlDotNet.RepresentationModel.YamlScalarNode)v).Value!.Split(':')).ToList();
        Assert.Contains(volumes, v => v[0] == "./grafana/dashboards" && v[1] == path);
        Assert.Contains(volumes, v => v[0] == "./grafana/provisioning/dashboards/blora.yaml" && v[1].StartsWith("/otel-lgtm/grafana/conf/provisioning/dashboards/", StringComparison.Ordinal));
        // Mounted over the image's own datasources file, so the uids the dashboards use are the ones in this repository.
        Assert.Contains(volumes, v => v[0] == "./grafana/provisioning/datasources/datasources.yaml" && v[1] == "/otel-lgtm/grafana/conf/provisioning/datasources/grafana-datasources.yaml");
        Assert.All(volumes.Where(v => v[0].StartsWith("./", StringComparison.Ordinal)), v => Assert.True(File.Exists(Repo.Path("deploy/" + v[0][2..])) || Directory.Exists(Repo.Path("deploy/" + v[0][2..])), $"{v[0]} does not exist"));
    }

    /// <summary>Every PromQL query (panel targets and the selectors of label_values variables), variables filled in.</summary>
    internal static IEnumerable<(string Where, string Expr)> Expressions()
    {
        foreach (var d in Dashboards)
        {
            var variables = d.Variables.Select(v => v.Name).ToList();
            foreach (var p in d.Panels)
            {
                foreach (var t in p.Targets.Where(t => t.Expr is not null))
                {
                    yield return ($"{d.File} '{p.Title}' {t.RefId}", PromQl.Substitute(t.Expr!, variables));
                }
            }

            foreach (var v in d.Variables.Where(v => v.Type == "query"))
            {
                var parts = PromQl.LabelValues(v.Query ?? "") ?? throw new InvalidOperationException($"{d.File}: variable ${v.Name} is not label_values(selector, label)");
                yield return ($"{d.File} ${v.Name}", PromQl.Substitute(parts.Selector, variables));
            }
        }
    }

    private static ProcessResult Promtool(string rules)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("blora-rules-").FullName, "dashboards.rules.yml");
        File.WriteAllText(file, rules);
        try
        {
            return Processes.Run(DeployTools.Instance.Promtool, ["check", "rules", file]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
