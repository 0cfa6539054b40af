using System.Collections.Immutable;
using System.Text;
using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace BLoRA.Grains.Telemetry;

/// <summary>
/// The telemetry of trial attempts on one silo: the <c>trial.run</c> span (a child of the sweep's
/// submit span, whose traceparent the trial grain hands over) and the trial-end metrics.
/// </summary>
internal sealed class TrialRunTelemetry(IServiceProvider services, SweepClusterOptions options)
{
    private readonly string device = TelemetryNames.Devices.Of(options.Accelerator);
    private string? silo;

    private string Silo => silo ??= services.GetService<ILocalSiloDetails>()?.Name ?? Environment.MachineName;

    /// <summary>Starts an attempt's span (null when nothing listens) and its clock.</summary>
    public TrialRunScope Start(TrialRun run, string? traceParent)
    {
        var spec = run.Spec;
        var activity = BLoRAActivities.Source.HasListeners()
            ? BLoRAActivities.StartTrialRun(traceParent, spec.SweepId, spec.TrialId, FormatCell(spec.Cell), run.Attempt, Silo, device)
            : null;
        return new TrialRunScope(activity, spec.SweepId);
    }

    /// <summary>A grid cell in axis order: <c>priorStrength=1,bopBudget=0.5,[extra axes],seed=0</c>.</summary>
    internal static string FormatCell(ImmutableDictionary<string, string> cell)
    {
        var text = new StringBuilder();
        void Add(string axis, string value) =>
            text.Append(text.Length == 0 ? "" : ",").Append(axis).Append('=').Append(value);

        foreach (var axis in (ReadOnlySpan<string>)[SweepGrid.PriorStrengthAxis, SweepGrid.BopBudgetAxis])
        {
            if (cell.TryGetValue(axis, out var value))
            {
                Add(axis, value);
            }
        }

        foreach (var (axis, value) in cell.Where(c => c.Key is not (SweepGrid.PriorStrengthAxis or SweepGrid.BopBudgetAxis or SweepGrid.SeedAxis)).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            Add(axis, value);
        }

        if (cell.TryGetValue(SweepGrid.SeedAxis, out var seed))
        {
            Add(SweepGrid.SeedAxis, seed);
        }

        return text.ToString();
    }

    /// <summary>Mean of <paramref name="values"/>; NaN when empty.</summary>
    internal static double Mean(ImmutableDictionary<string, int> values) =>
        values.IsEmpty ? double.NaN : values.Values.Average(v => (double)v);
}
