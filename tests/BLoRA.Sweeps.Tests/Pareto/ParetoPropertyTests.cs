using BLoRA.Sweeps.Pareto;
using FsCheck.Xunit;

namespace BLoRA.Sweeps.Tests.Pareto;

/// <summary>Properties of the frontier and hypervolume on random point sets (coarse grid: many ties).</summary>
[Trait("Category", "Unit")]
public sealed class ParetoPropertyTests
{
    private static readonly Objectives Reference = new(0, 1);

    [Property(MaxTest = 300)]
    public bool No_frontier_point_is_dominated(int[] metrics, int[] costs)
    {
        var points = Points(metrics, costs);
        var front = ParetoFrontier.Compute(points, p => p);
        return front.All(f => !points.Any(p => p.Dominates(f)));
    }

    [Property(MaxTest = 300)]
    public bool Every_point_off_the_frontier_is_dominated_by_a_frontier_point(int[] metrics, int[] costs)
    {
        var points = Points(metrics, costs);
        var front = ParetoFrontier.Compute(points, p => p);
        return points.Where(p => !front.Contains(p)).All(p => front.Any(f => f.Dominates(p)));
    }

    [Property(MaxTest = 300)]
    public bool Hypervolume_never_decreases_when_a_point_is_added(int[] metrics, int[] costs, int metric, int cost)
    {
        var points = Points(metrics, costs);
        var added = points.Append(Point(metric, cost)).ToList();
        return ParetoFrontier.Hypervolume(added, Reference) >= ParetoFrontier.Hypervolume(points, Reference) - 1e-12;
    }

    [Property(MaxTest = 300)]
    public bool Hypervolume_of_a_set_equals_that_of_its_frontier(int[] metrics, int[] costs)
    {
        var points = Points(metrics, costs);
        return Math.Abs(ParetoFrontier.Hypervolume(points, Reference) - ParetoFrontier.Hypervolume(ParetoFrontier.Compute(points, p => p), Reference)) < 1e-12;
    }

    [Property(MaxTest = 300)]
    public bool The_incremental_frontier_equals_the_batch_one(int[] metrics, int[] costs)
    {
        var points = Points(metrics, costs);
        var incremental = new IncrementalFrontier<int>();
        for (var i = 0; i < points.Count; i++)
        {
            incremental.Add(i, points[i]);
        }

        var batch = ParetoFrontier.Compute(Enumerable.Range(0, points.Count), i => points[i]).Order();
        return batch.SequenceEqual(incremental.Points.Select(p => p.Item).Order()) &&
            Math.Abs(incremental.Hypervolume(Reference) - ParetoFrontier.Hypervolume(points, Reference)) < 1e-12;
    }

    /// <summary>Metrics in [0, 1] and costs in [0, 1.2] on a 0.05 grid.</summary>
    private static List<Objectives> Points(int[] metrics, int[] costs) =>
        metrics.Zip(costs, Point).ToList();

    private static Objectives Point(int metric, int cost) => new(Math.Abs(metric % 21) * 0.05, Math.Abs(cost % 25) * 0.05);
}
