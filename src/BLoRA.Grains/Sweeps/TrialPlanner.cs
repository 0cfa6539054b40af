using System.Collections.Immutable;
using System.Globalization;
using BLoRA.Abstractions;
using BLoRA.Sweeps.Grid;

namespace BLoRA.Grains.Sweeps;

/// <summary>
/// Turns a valid <see cref="SweepSpec"/> into its trials, deterministically: axes in the order prior
/// strength, BOP budget, extra axes (ordinal by name), seed; the last varies fastest.
/// </summary>
public static class TrialPlanner
{
    /// <summary>How a missing BOP budget appears in a trial's cell.</summary>
    public const string NoBudget = "none";

    public static ImmutableArray<TrialSpec> Plan(string sweepId, SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var grid = spec.Grid;
        var extra = grid.Extra.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var axes = new List<GridAxis>
        {
            new(SweepGrid.PriorStrengthAxis, [.. grid.PriorStrength.Select(Format)]),
            new(SweepGrid.BopBudgetAxis, [.. grid.BopBudget.Select(b => b is { } v ? Format(v) : NoBudget)]),
        };
        axes.AddRange(extra.Select(e => new GridAxis(e.Key, e.Value)));
        axes.Add(new GridAxis(SweepGrid.SeedAxis, [.. grid.Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture))]));

        var cells = GridExpansion.Expand(sweepId, axes, SweepLimits.MaxTrials);
        var trials = ImmutableArray.CreateBuilder<TrialSpec>(cells.Length);
        foreach (var cell in cells)
        {
            var options = spec.Options.ToBuilder();
            for (var e = 0; e < extra.Count; e++)
            {
                options[extra[e].Key] = extra[e].Value[cell.ValueIndices[2 + e]];
            }

            trials.Add(new TrialSpec(
                sweepId,
                cell.TrialId,
                cell.Index,
                cell.Values,
                spec.ModelRef,
                spec.TaskRef,
                grid.PriorStrength[cell.ValueIndices[0]],
                grid.BopBudget[cell.ValueIndices[1]],
                grid.Seeds[cell.ValueIndices[^1]],
                options.ToImmutable(),
                spec.GpuSlotsPerTrial));
        }

        return trials.MoveToImmutable();
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
