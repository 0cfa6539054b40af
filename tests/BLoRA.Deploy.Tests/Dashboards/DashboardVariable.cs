using System.Text.Json;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>A template variable (<c>$sweep</c>, <c>$trial</c>, ...) and the query that lists its values.</summary>
internal sealed record DashboardVariable(string Name, string Type, string? DatasourceUid, string? Query)
{
    public static DashboardVariable From(JsonElement v)
    {
        string? query = null;
        if (v.TryGetProperty("query", out var q))
        {
            query = q.ValueKind == JsonValueKind.String ? q.GetString() : GrafanaDashboard.String(q, "query");
        }

        return new DashboardVariable(
            GrafanaDashboard.String(v, "name") ?? "",
            GrafanaDashboard.String(v, "type") ?? "",
            v.TryGetProperty("datasource", out var ds) ? DashboardPanel.UidOf(ds) : null,
            query);
    }
}
