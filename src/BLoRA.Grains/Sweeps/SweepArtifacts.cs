using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BLoRA.Abstractions;

namespace BLoRA.Grains.Sweeps;

/// <summary>Writes a finished sweep's frontier (JSON and CSV) and trial results (JSON) to an artifact store.</summary>
public static class SweepArtifacts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task ExportAsync(IArtifactStore store, string sweepId, ParetoFront front, ImmutableArray<TrialSummary> trials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(front);
        await PutAsync(store, ArtifactKeys.FrontierJson(sweepId), JsonSerializer.Serialize(front, Json), "application/json", cancellationToken);
        await PutAsync(store, ArtifactKeys.FrontierCsv(sweepId), FrontierCsv(front), "text/csv", cancellationToken);
        await PutAsync(store, $"{ArtifactKeys.Sweep(sweepId)}/results.json", JsonSerializer.Serialize(trials, Json), "application/json", cancellationToken);
    }

    /// <summary>One row per frontier point: trial, metric, relative BOPs, then the grid cell's axes.</summary>
    public static string FrontierCsv(ParetoFront front)
    {
        ArgumentNullException.ThrowIfNull(front);
        var axes = front.Points.SelectMany(p => p.Cell.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder();
        csv.AppendJoin(',', new[] { "trialId", Escape(front.MetricName), "relativeBops" }.Concat(axes.Select(Escape))).Append('\n');
        foreach (var p in front.Points)
        {
            csv.AppendJoin(',', new[]
            {
                Escape(p.TrialId),
                p.Metric.ToString("R", CultureInfo.InvariantCulture),
                p.RelativeBops.ToString("R", CultureInfo.InvariantCulture),
            }.Concat(axes.Select(a => Escape(p.Cell.GetValueOrDefault(a) ?? ""))));
            csv.Append('\n');
        }

        return csv.ToString();
    }

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    private static async Task PutAsync(IArtifactStore store, string key, string text, string contentType, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await store.PutAsync(key, content, contentType, cancellationToken);
    }
}
