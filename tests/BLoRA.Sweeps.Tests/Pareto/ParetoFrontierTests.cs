using BLoRA.Sweeps.Pareto;

namespace BLoRA.Sweeps.Tests.Pareto;

[Trait("Category", "Unit")]
public sealed class ParetoFrontierTests
{
    [Fact]
    public void The_frontier_keeps_non_dominated_points_ordered_by_cost_and_keeps_exact_ties()
    {
        var points = new[] { P(0.9, 0.5), P(0.8, 0.2), P(0.7, 0.3), P(0.95, 0.9), P(0.8, 0.2), P(0.6, 0.2), P(double.NaN, 0.1) };

        var front = ParetoFrontier.Compute(points, p => p);

        Assert.Equal([P(0.8, 0.2), P(0.8, 0.2), P(0.9, 0.5), P(0.95, 0.9)], front);
    }

    [Fact]
    public void Hypervolume_is_the_union_of_the_rectangles_to_the_reference_point()
    {
        var hv = ParetoFrontier.Hypervolume([P(0.8, 0.2), P(0.9, 0.5), P(0.5, 0.6)], P(0, 1));

        // (0.5 - 0.2) * 0.8 + (1 - 0.5) * 0.9
        Assert.Equal(0.69, hv, 12);
        Assert.Equal(0.0, ParetoFrontier.Hypervolume([P(-0.1, 0.5), P(0.5, 1.5)], P(0, 1)));
        Assert.Equal(0.0, ParetoFrontier.Hypervolume([], P(0, 1)));
    }

    [Fact]
    public void Dominance_needs_one_strict_improvement()
    {
        Assert.True(P(0.9, 0.2).Dominates(P(0.9, 0.3)));
        Assert.True(P(0.9, 0.2).Dominates(P(0.8, 0.2)));
        Assert.False(P(0.9, 0.2).Dominates(P(0.9, 0.2)));
        Assert.False(P(0.9, 0.3).Dominates(P(0.8, 0.2)));
    }

    private static Objectives P(double metric, double cost) => new(metric, cost);
}
