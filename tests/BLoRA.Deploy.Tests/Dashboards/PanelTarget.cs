using System.Text.Json;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>One query of a panel: PromQL (<see cref="Expr"/>) for Prometheus, TraceQL (<see cref="Query"/>) for Tempo.</summary>
internal sealed record PanelTarget(string RefId, string? DatasourceUid, string? Expr, string? Query, string? LegendFormat, bool Instant, string? Format)
{
    public static PanelTarget From(JsonElement t, string? panelDatasource) => new(
        GrafanaDashboard.String(t, "refId") ?? "",
        t.TryGetProperty("datasource", out var ds) ? DashboardPanel.UidOf(ds) : panelDatasource,
        GrafanaDashboard.String(t, "expr"),
        GrafanaDashboard.String(t, "query"),
        GrafanaDashboard.String(t, "legendFormat"),
        t.TryGetProperty("instant", out var i) && i.ValueKind == JsonValueKind.True,
        GrafanaDashboard.String(t, "format"));
}
