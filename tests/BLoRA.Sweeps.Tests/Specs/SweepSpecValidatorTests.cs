using System.Collections.Immutable;
using BLoRA.Abstractions;

namespace BLoRA.Sweeps.Tests.Specs;

[Trait("Category", "Unit")]
public sealed class SweepSpecValidatorTests
{
    private static readonly SweepSpec Valid = new() { Name = "n", ModelRef = "embedded:minilm", TaskRef = "spam" };

    [Fact]
    public void A_minimal_spec_is_valid()
    {
        Assert.Empty(SweepSpecValidator.Validate(Valid));
        Assert.Empty(SweepSpecValidator.ValidateSweepId("my-sweep_1.2"));
    }

    [Fact]
    public void Every_problem_comes_back_at_once_with_its_path()
    {
        var spec = Valid with
        {
            Name = " ",
            Grid = new SweepGrid
            {
                PriorStrength = [1.0, 2.0, 0.0, double.NaN, 1.0],
                BopBudget = [null, 1.5, null],
                Seeds = [],
                Extra = ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("lr", ["1e-3", ""]).Add("seed", ["1"]),
            },
            GpuSlotsPerTrial = 0,
            MaxConcurrentTrials = 0,
            MaxRetries = -1,
            EarlyStopping = EarlyStoppingPolicy.Asha with { ReductionFactor = 1 },
        };

        var problems = SweepSpecValidator.Validate(spec).Select(p => p.ToString()).ToList();

        Assert.Contains("name: is required", problems);
        Assert.Contains("grid.priorStrength[2]: must be a finite number in (0, 1000000] (got 0)", problems);
        Assert.Contains("grid.priorStrength[3]: must be a finite number in (0, 1000000] (got NaN)", problems);
        Assert.Contains("grid.priorStrength[4]: duplicates grid.priorStrength[0] (1)", problems);
        Assert.Contains(problems, p => p.StartsWith("grid.bopBudget[1]: must be in (0, 1]", StringComparison.Ordinal));
        Assert.Contains("grid.bopBudget[2]: duplicates grid.bopBudget[0] (null)", problems);
        Assert.Contains("grid.seeds: must have at least one value", problems);
        Assert.Contains(problems, p => p.StartsWith("grid.extra.lr[1]:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("grid.extra.seed: 'seed' is a built-in axis", StringComparison.Ordinal));
        Assert.Contains("gpuSlotsPerTrial: must be in 1..64 (got 0)", problems);
        Assert.Contains(problems, p => p.StartsWith("maxConcurrentTrials:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("maxRetries:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("earlyStopping.reductionFactor:", StringComparison.Ordinal));
        Assert.Equal(13, problems.Count);
    }

    [Fact]
    public void A_grid_of_a_million_cells_is_refused_with_a_clear_message()
    {
        var spec = Valid with
        {
            Grid = new SweepGrid
            {
                PriorStrength = [.. Enumerable.Range(1, 100).Select(i => (double)i)],
                BopBudget = [.. Enumerable.Range(1, 100).Select(i => (double?)(i / 100.0))],
                Seeds = [.. Enumerable.Range(0, 100)],
            },
        };

        var problem = Assert.Single(SweepSpecValidator.Validate(spec));

        Assert.Equal("grid", problem.Path);
        Assert.Equal("expands to 1,000,000 trials, more than the limit of 100,000 per sweep: shrink an axis or split the sweep", problem.Message);
        Assert.Equal(1_000_000, SweepSpecValidator.CountCells(spec.Grid));
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("has space", "may hold only")]
    [InlineData(".hidden", "may hold only")]
    public void Bad_sweep_ids_are_refused(string id, string message)
    {
        var problem = Assert.Single(SweepSpecValidator.ValidateSweepId(id));
        Assert.Equal("sweepId", problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }
}
