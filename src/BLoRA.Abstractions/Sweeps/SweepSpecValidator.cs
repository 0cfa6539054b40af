using System.Collections.Immutable;
using System.Globalization;

namespace BLoRA.Abstractions;

/// <summary>
/// Checks a <see cref="SweepSpec"/> and returns every problem at once, each with its path
/// (<c>grid.priorStrength[2]: must be &gt; 0</c>), including the sanity limits of <see cref="SweepLimits"/>.
/// </summary>
public static class SweepSpecValidator
{
    /// <summary>Every problem with <paramref name="spec"/>; empty when it can run.</summary>
    public static ImmutableArray<SpecProblem> Validate(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = ImmutableArray.CreateBuilder<SpecProblem>();
        void Add(string path, string message) => problems.Add(new SpecProblem(path, message));

        RequireName("name", spec.Name, Add);
        RequireName("modelRef", spec.ModelRef, Add);
        RequireName("taskRef", spec.TaskRef, Add);
        var options = spec.Options ?? ImmutableDictionary<string, string>.Empty;
        foreach (var (key, value) in options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            CheckOption($"options.{key}", key, value, Add);
        }

        var grid = spec.Grid;
        if (grid is null)
        {
            Add("grid", "is required");
        }
        else
        {
            CheckGrid(grid, Add);
        }

        Range("gpuSlotsPerTrial", spec.GpuSlotsPerTrial, 1, SweepLimits.MaxSlotsPerTrial, Add);
        Range("maxConcurrentTrials", spec.MaxConcurrentTrials, 1, SweepLimits.MaxConcurrentTrials, Add);
        Range("maxRetries", spec.MaxRetries, 0, SweepLimits.MaxRetries, Add);
        CheckEarlyStopping(spec.EarlyStopping, Add);
        if (spec.Reference is null)
        {
            Add("reference", "is required");
        }
        else
        {
            if (!double.IsFinite(spec.Reference.Metric))
            {
                Add("reference.metric", "must be a finite number");
            }

            if (!double.IsFinite(spec.Reference.RelativeBops) || spec.Reference.RelativeBops <= 0)
            {
                Add("reference.relativeBops", "must be a finite number > 0");
            }
        }

        return problems.ToImmutable();
    }

    /// <summary>Problems with a sweep id (a grain key that also names trials and storage paths).</summary>
    public static ImmutableArray<SpecProblem> ValidateSweepId(string? sweepId)
    {
        if (string.IsNullOrEmpty(sweepId))
        {
            return [new SpecProblem("sweepId", "must not be empty")];
        }

        if (sweepId.Length > SweepLimits.MaxSweepIdLength)
        {
            return [new SpecProblem("sweepId", $"is {sweepId.Length} characters; at most {SweepLimits.MaxSweepIdLength}")];
        }

        return sweepId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && sweepId[0] != '.'
            ? []
            : [new SpecProblem("sweepId", $"'{sweepId}' may hold only letters, digits, '.', '_' and '-', and must not start with '.'")];
    }

    /// <summary>The number of grid cells (trials), or null when an axis is missing; saturates at <see cref="long.MaxValue"/>.</summary>
    public static long? CountCells(SweepGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.PriorStrength.IsDefault || grid.BopBudget.IsDefault || grid.Seeds.IsDefault)
        {
            return null;
        }

        var sizes = new List<long> { grid.PriorStrength.Length, grid.BopBudget.Length, grid.Seeds.Length };
        foreach (var axis in grid.Extra ?? ImmutableDictionary<string, ImmutableArray<string>>.Empty)
        {
            sizes.Add(axis.Value.IsDefault ? 0 : axis.Value.Length);
        }

        var cells = 1L;
        foreach (var size in sizes)
        {
            cells = size == 0 ? 0 : cells > long.MaxValue / size ? long.MaxValue : cells * size;
        }

        return cells;
    }

    private static void CheckGrid(SweepGrid grid, Action<string, string> add)
    {
        if (CheckAxis("grid.priorStrength", grid.PriorStrength, add))
        {
            for (var i = 0; i < grid.PriorStrength.Length; i++)
            {
                var v = grid.PriorStrength[i];
                if (!double.IsFinite(v) || v <= 0 || v > SweepLimits.MaxPriorStrength)
                {
                    add($"grid.priorStrength[{i}]", $"must be a finite number in (0, {SweepLimits.MaxPriorStrength.ToString("R", CultureInfo.InvariantCulture)}] (got {Format(v)})");
                }
            }

            Duplicates("grid.priorStrength", grid.PriorStrength, add);
        }

        if (CheckAxis("grid.bopBudget", grid.BopBudget, add))
        {
            for (var i = 0; i < grid.BopBudget.Length; i++)
            {
                if (grid.BopBudget[i] is { } b && (!double.IsFinite(b) || b <= 0 || b > 1))
                {
                    add($"grid.bopBudget[{i}]", $"must be in (0, 1] (relative adapter BOPs), or null for no budget (got {Format(b)})");
                }
            }

            Duplicates("grid.bopBudget", grid.BopBudget, add);
        }

        if (CheckAxis("grid.seeds", grid.Seeds, add))
        {
            for (var i = 0; i < grid.Seeds.Length; i++)
            {
                if (grid.Seeds[i] < 0)
                {
                    add($"grid.seeds[{i}]", $"must be >= 0 (got {grid.Seeds[i]})");
                }
            }

            Duplicates("grid.seeds", grid.Seeds, add);
        }

        var extra = grid.Extra ?? ImmutableDictionary<string, ImmutableArray<string>>.Empty;
        foreach (var (name, values) in extra.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var path = $"grid.extra.{name}";
            if (string.IsNullOrWhiteSpace(name) || name.Length > SweepLimits.MaxNameLength)
            {
                add(path, $"axis name must be 1..{SweepLimits.MaxNameLength} non-blank characters");
            }
            else if (name is SweepGrid.PriorStrengthAxis or SweepGrid.BopBudgetAxis or SweepGrid.SeedAxis or "seeds")
            {
                add(path, $"'{name}' is a built-in axis: use grid.{(name == SweepGrid.SeedAxis ? "seeds" : name)}");
            }

            if (!CheckAxis(path, values, add))
            {
                continue;
            }

            for (var i = 0; i < values.Length; i++)
            {
                if (string.IsNullOrWhiteSpace(values[i]) || values[i].Length > SweepLimits.MaxNameLength)
                {
                    add($"{path}[{i}]", $"must be 1..{SweepLimits.MaxNameLength} non-blank characters");
                }
            }

            Duplicates(path, values, add);
        }

        if (CountCells(grid) is { } cells && cells > SweepLimits.MaxTrials)
        {
            var shown = cells == long.MaxValue ? "more than 9.2e18" : cells.ToString("N0", CultureInfo.InvariantCulture);
            add("grid", $"expands to {shown} trials, more than the limit of {SweepLimits.MaxTrials.ToString("N0", CultureInfo.InvariantCulture)} per sweep: shrink an axis or split the sweep");
        }
    }

    private static bool CheckAxis<T>(string path, ImmutableArray<T> values, Action<string, string> add)
    {
        if (values.IsDefaultOrEmpty)
        {
            add(path, "must have at least one value");
            return false;
        }

        if (values.Length > SweepLimits.MaxAxisValues)
        {
            add(path, $"has {values.Length} values; at most {SweepLimits.MaxAxisValues}");
            return false;
        }

        return true;
    }

    private static void Duplicates<T>(string path, ImmutableArray<T> values, Action<string, string> add)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            var shown = values[i] is null ? "null" : Convert.ToString(values[i], CultureInfo.InvariantCulture) ?? "";
            if (!seen.TryAdd(shown, i))
            {
                add($"{path}[{i}]", $"duplicates {path}[{seen[shown]}] ({shown})");
            }
        }
    }

    private static void CheckEarlyStopping(EarlyStoppingPolicy? policy, Action<string, string> add)
    {
        if (policy is null)
        {
            add("earlyStopping", "is required (use EarlyStoppingPolicy.None to turn it off)");
            return;
        }

        if (!Enum.IsDefined(policy.Kind))
        {
            add("earlyStopping.kind", $"unknown kind {(int)policy.Kind}; use None or Asha");
        }

        if (policy.Kind == EarlyStoppingKind.None)
        {
            return;
        }

        Range("earlyStopping.graceSteps", policy.GraceSteps, 1, int.MaxValue, add);
        Range("earlyStopping.reductionFactor", policy.ReductionFactor, 2, 100, add);
        if (!double.IsFinite(policy.MetricTolerance) || policy.MetricTolerance < 0)
        {
            add("earlyStopping.metricTolerance", "must be a finite number >= 0");
        }

        if (!double.IsFinite(policy.BopsTolerance) || policy.BopsTolerance < 0)
        {
            add("earlyStopping.bopsTolerance", "must be a finite number >= 0");
        }
    }

    private static void CheckOption(string path, string key, string? value, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > SweepLimits.MaxNameLength)
        {
            add(path, $"option name must be 1..{SweepLimits.MaxNameLength} non-blank characters");
        }

        if (value is null || value.Length > SweepLimits.MaxNameLength)
        {
            add(path, $"value must be set and at most {SweepLimits.MaxNameLength} characters");
        }
    }

    private static void RequireName(string path, string? value, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            add(path, "is required");
        }
        else if (value.Length > SweepLimits.MaxNameLength)
        {
            add(path, $"is {value.Length} characters; at most {SweepLimits.MaxNameLength}");
        }
    }

    private static void Range(string path, int value, int min, int max, Action<string, string> add)
    {
        if (value < min || value > max)
        {
            add(path, max == int.MaxValue ? $"must be >= {min} (got {value})" : $"must be in {min}..{max} (got {value})");
        }
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
