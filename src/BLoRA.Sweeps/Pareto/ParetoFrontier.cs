namespace BLoRA.Sweeps.Pareto;

/// <summary>
/// The Pareto frontier of a set of points (maximise metric, minimise cost) and its 2-D hypervolume.
/// Points with a non-finite coordinate are ignored. Points equal in both objectives are all kept.
/// </summary>
public static class ParetoFrontier
{
    /// <summary>The non-dominated items, ordered by cost ascending, then metric descending (stable otherwise).</summary>
    public static IReadOnlyList<T> Compute<T>(IEnumerable<T> items, Func<T, Objectives> objectives)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(objectives);
        var sorted = items
            .Select(item => (Item: item, At: objectives(item)))
            .Where(p => p.At.IsFinite)
            .OrderBy(p => p.At.Cost)
            .ThenByDescending(p => p.At.Metric)
            .ToList();

        // Sweep by increasing cost: a point is on the frontier iff its metric beats every cheaper
        // point's (ties in both objectives are kept; a tie in cost with a lower metric is dominated).
        var front = new List<T>();
        var best = double.NegativeInfinity;
        Objectives? last = null;
        foreach (var (item, at) in sorted)
        {
            if (at.Metric > best || (last is { } l && l.Metric == at.Metric && l.Cost == at.Cost))
            {
                front.Add(item);
                best = Math.Max(best, at.Metric);
                last = at;
            }
        }

        return front;
    }

    /// <summary>
    /// The area dominated by <paramref name="points"/> and dominating <paramref name="reference"/>:
    /// the union of the rectangles [reference.Metric, p.Metric] x [p.Cost, reference.Cost].
    /// Works on any point set (dominated points add nothing).
    /// </summary>
    public static double Hypervolume(IEnumerable<Objectives> points, Objectives reference)
    {
        ArgumentNullException.ThrowIfNull(points);
        var useful = points
            .Where(p => p.IsFinite && p.Metric > reference.Metric && p.Cost < reference.Cost)
            .OrderBy(p => p.Cost)
            .ToList();
        var area = 0.0;
        var bestMetric = reference.Metric;
        for (var i = 0; i < useful.Count; i++)
        {
            bestMetric = Math.Max(bestMetric, useful[i].Metric);
            var nextCost = i + 1 < useful.Count ? useful[i + 1].Cost : reference.Cost;
            area += (nextCost - useful[i].Cost) * (bestMetric - reference.Metric);
        }

        return area;
    }
}
