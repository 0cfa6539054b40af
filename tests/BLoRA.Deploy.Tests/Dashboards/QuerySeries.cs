namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>One series a Prometheus query returned: its labels and its (Unix time, value) points.</summary>
public sealed record QuerySeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(long Time, double Value)> Points)
{
    /// <summary>Grafana's legend format with <c>{{label}}</c> filled in.</summary>
    public string Legend(string? format)
    {
        if (string.IsNullOrEmpty(format) || format == "__auto")
        {
            return string.Join(", ", Labels.Where(kv => kv.Key != "__name__").Select(kv => $"{kv.Key}={kv.Value}"));
        }

        var text = format;
        foreach (var (k, v) in Labels)
        {
            text = text.Replace("{{" + k + "}}", v, StringComparison.Ordinal).Replace("{{ " + k + " }}", v, StringComparison.Ordinal);
        }

        return text;
    }
}
