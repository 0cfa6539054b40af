using System.Text.Json;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>One panel: its type, title, datasource, grid position (24 columns) and queries.</summary>
internal sealed record DashboardPanel(int Id, string Type, string Title, string? DatasourceUid, GridPos Grid, string? Unit, IReadOnlyList<PanelTarget> Targets, JsonElement Json)
{
    public static DashboardPanel From(JsonElement panel)
    {
        var grid = panel.TryGetProperty("gridPos", out var g)
            ? new GridPos(g.GetProperty("x").GetInt32(), g.GetProperty("y").GetInt32(), g.GetProperty("w").GetInt32(), g.GetProperty("h").GetInt32())
            : new GridPos(0, 0, 0, 0);
        var uid = panel.TryGetProperty("datasource", out var ds) ? UidOf(ds) : null;
        string? unit = null;
        if (panel.TryGetProperty("fieldConfig", out var fc) && fc.TryGetProperty("defaults", out var d))
        {
            unit = GrafanaDashboard.String(d, "unit");
        }

        var targets = GrafanaDashboard.Array(panel, "targets").Select(t => PanelTarget.From(t, uid)).ToList();
        return new DashboardPanel(
            panel.TryGetProperty("id", out var id) ? id.GetInt32() : 0,
            GrafanaDashboard.String(panel, "type") ?? "",
            GrafanaDashboard.String(panel, "title") ?? "",
            uid,
            grid,
            unit,
            targets,
            panel.Clone());
    }

    /// <summary>A datasource reference: an object with a uid, or (old style) a bare name.</summary>
    internal static string? UidOf(JsonElement ds) => ds.ValueKind switch
    {
        JsonValueKind.Object => GrafanaDashboard.String(ds, "uid"),
        JsonValueKind.String => ds.GetString(),
        _ => null,
    };
}
