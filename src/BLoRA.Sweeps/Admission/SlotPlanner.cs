namespace BLoRA.Sweeps.Admission;

/// <summary>
/// Chooses workers for trials: each trial goes to the worker with the most free slots that can hold
/// it (ties: the earlier worker in the list), so load spreads by free capacity and no worker is
/// ever given more than it has free.
/// </summary>
public static class SlotPlanner
{
    /// <summary>
    /// How many trials may be admitted now: no more than <paramref name="pending"/>, and no more than
    /// <paramref name="maxConcurrent"/> minus <paramref name="running"/>.
    /// </summary>
    public static int Admissible(int pending, int running, int maxConcurrent) =>
        Math.Max(0, Math.Min(pending, maxConcurrent - running));

    /// <summary>
    /// Up to <paramref name="trials"/> placements of <paramref name="slotsPerTrial"/> slots each; fewer
    /// when the workers run out of room. The input capacities are not modified.
    /// </summary>
    public static IReadOnlyList<TWorker> Place<TWorker>(IReadOnlyList<WorkerCapacity<TWorker>> workers, int trials, int slotsPerTrial)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotsPerTrial, 1);
        var free = workers.Select(w => w.Free).ToArray();
        var placed = new List<TWorker>();
        for (var t = 0; t < trials; t++)
        {
            var best = -1;
            for (var w = 0; w < free.Length; w++)
            {
                if (free[w] >= slotsPerTrial && (best < 0 || free[w] > free[best]))
                {
                    best = w;
                }
            }

            if (best < 0)
            {
                break;
            }

            free[best] -= slotsPerTrial;
            placed.Add(workers[best].Worker);
        }

        return placed;
    }
}
