using BLoRA.Sweeps.EarlyStopping;

namespace BLoRA.Sweeps.Tests.EarlyStopping;

[Trait("Category", "Unit")]
public sealed class AshaTests
{
    private static readonly AshaSettings Settings = new(GraceSteps: 100, ReductionFactor: 3, MetricTolerance: 0.01, CostTolerance: 0.02);

    [Fact]
    public void Rungs_are_grace_times_powers_of_eta()
    {
        Assert.Equal([100, 300, 900], Enumerable.Range(0, 3).Select(r => Asha.RungSteps(Settings, r)));
        Assert.Equal(-1, Asha.RungAt(Settings, 99));
        Assert.Equal(0, Asha.RungAt(Settings, 100));
        Assert.Equal(1, Asha.RungAt(Settings, 899));
    }

    [Fact]
    public void The_top_third_continues_and_a_dominated_straggler_stops_with_a_reason()
    {
        var recorded = new[] { E("a", 0.9, 0.3), E("b", 0.85, 0.4), E("c", 0.8, 0.5), E("d", 0.7, 0.6), E("e", 0.75, 0.55) };

        Assert.False(Asha.Decide(Settings, recorded, E("f", 0.95, 0.9)).Stop);
        var stopped = Asha.Decide(Settings, recorded, E("g", 0.6, 0.7));

        Assert.True(stopped.Stop);
        Assert.Contains("rung 0", stopped.Reason, StringComparison.Ordinal);
        Assert.Contains("ranks 6 of 6", stopped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weak_trial_on_or_near_the_metric_bops_frontier_is_never_stopped()
    {
        var recorded = new[] { E("a", 0.9, 0.5), E("b", 0.88, 0.5), E("c", 0.87, 0.5), E("d", 0.86, 0.5), E("e", 0.85, 0.5) };

        // Worst metric, but far cheaper than everyone: on the frontier.
        Assert.False(Asha.Decide(Settings, recorded, E("cheap", 0.6, 0.1)).Stop);

        // Slightly dominated, within both tolerances of the frontier: near it.
        Assert.False(Asha.Decide(Settings, recorded, E("near", 0.845, 0.49)).Stop);
        Assert.True(Asha.Decide(Settings, recorded, E("far", 0.8, 0.6)).Stop);
    }

    [Fact]
    public void The_first_trial_at_a_rung_always_continues()
    {
        Assert.False(Asha.Decide(Settings, [], E("only", 0.1, 0.9)).Stop);
    }

    private static RungEntry E(string id, double metric, double cost) => new(id, 0, metric, cost);
}
