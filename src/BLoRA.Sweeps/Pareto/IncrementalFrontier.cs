namespace BLoRA.Sweeps.Pareto;

/// <summary>
/// A Pareto frontier kept current one point at a time in O(frontier) per point, with the same
/// result as <see cref="ParetoFrontier.Compute"/> over every point added (ties in both objectives
/// are all kept; non-finite points are ignored).
/// </summary>
public sealed class IncrementalFrontier<T>
{
    private readonly List<(T Item, Objectives At)> points = [];

    public int Count => points.Count;

    /// <summary>The frontier, ordered by cost ascending, then metric descending.</summary>
    public IEnumerable<(T Item, Objectives At)> Points =>
        points.OrderBy(p => p.At.Cost).ThenByDescending(p => p.At.Metric);

    /// <summary>Adds a point; true when it joined the frontier.</summary>
    public bool Add(T item, Objectives at)
    {
        if (!at.IsFinite || points.Any(p => p.At.Dominates(at)))
        {
            return false;
        }

        points.RemoveAll(p => at.Dominates(p.At));
        points.Add((item, at));
        return true;
    }

    /// <summary>The frontier's hypervolume against <paramref name="reference"/>.</summary>
    public double Hypervolume(Objectives reference) => ParetoFrontier.Hypervolume(points.Select(p => p.At), reference);
}
