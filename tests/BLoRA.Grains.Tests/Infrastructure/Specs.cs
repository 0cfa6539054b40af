using System.Collections.Immutable;
using BLoRA.Abstractions;

namespace BLoRA.Grains.Tests.Infrastructure;

public static class Specs
{
    /// <summary>A valid spec with <paramref name="priors"/> x <paramref name="budgets"/> x <paramref name="seeds"/> trials.</summary>
    public static SweepSpec Grid(string name, int priors, int budgets, int seeds, int maxConcurrent = 8, int slots = 1) => new()
    {
        Name = name,
        ModelRef = "embedded:minilm",
        TaskRef = "spam",
        Options = ImmutableDictionary<string, string>.Empty.Add("rank", "8").Add("lr", "0.001"),
        Grid = new SweepGrid
        {
            PriorStrength = [.. Enumerable.Range(1, priors).Select(i => i * 0.5)],
            BopBudget = [.. Enumerable.Range(0, budgets).Select(i => i == 0 ? (double?)null : 1.0 / (i + 1))],
            Seeds = [.. Enumerable.Range(0, seeds)],
        },
        MaxConcurrentTrials = maxConcurrent,
        GpuSlotsPerTrial = slots,
        MaxRetries = 2,
    };
}
