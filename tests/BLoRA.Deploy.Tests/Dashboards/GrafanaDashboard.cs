using System.Text.Json;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>A provisioned Grafana dashboard (deploy/grafana/dashboards/*.json), read with System.Text.Json.</summary>
internal sealed record GrafanaDashboard(string File, string Uid, string Title, IReadOnlyList<DashboardPanel> Panels, IReadOnlyList<DashboardVariable> Variables)
{
    public const string Folder = "deploy/grafana/dashboards";

    public static IReadOnlyList<string> Files() =>
        Directory.GetFiles(Infrastructure.Repo.Path(Folder), "*.json").Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<GrafanaDashboard> LoadAll() => Files().Select(Load).ToList();

    public static GrafanaDashboard Load(string path)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = false });
        var root = document.RootElement;
        var panels = new List<DashboardPanel>();
        foreach (var panel in Array(root, "panels"))
        {
            panels.Add(DashboardPanel.From(panel));
            // Collapsed rows keep their panels inside.
            panels.AddRange(Array(panel, "panels").Select(DashboardPanel.From));
        }

        var variables = root.TryGetProperty("templating", out var t) ? Array(t, "list").Select(DashboardVariable.From).ToList() : [];
        return new GrafanaDashboard(Path.GetFileName(path), String(root, "uid") ?? "", String(root, "title") ?? "", panels, variables);
    }

    internal static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().ToList() : [];

    internal static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
