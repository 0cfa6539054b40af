using BLoRA.Abstractions;

namespace BLoRA.Grains.Sweeps;

/// <summary>
/// A sweep's in-memory index over its trial records: how many are in each state, and the pending ones
/// in grid order, so that a report, an admission or a status costs work in proportion to the trials
/// it touches rather than a scan of the whole sweep. Every change of a record's state goes through
/// <see cref="Set"/>; the index is rebuilt from the durable records on activation.
/// </summary>
internal sealed class TrialIndex
{
    private readonly int[] counts = new int[Enum.GetValues<TrialState>().Length];
    private readonly SortedSet<int> pending = [];
    private readonly Dictionary<int, TrialRecord> byIndex = [];

    public int Total => byIndex.Count;

    /// <summary>Changes with every change of a record's state (and on a rebuild).</summary>
    public long Version { get; private set; }

    public int Pending => counts[(int)TrialState.Pending];

    public int Running => counts[(int)TrialState.Running];

    /// <summary>Completed, failed (retries spent) or stopped.</summary>
    public int Final => counts[(int)TrialState.Completed] + counts[(int)TrialState.Failed] + counts[(int)TrialState.Stopped];

    public int Count(TrialState state) => counts[(int)state];

    /// <summary>Indexes a sweep's trial records (their grid indices are distinct).</summary>
    public void Rebuild(IEnumerable<TrialRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        Version++;
        Array.Clear(counts);
        pending.Clear();
        byIndex.Clear();
        foreach (var record in records)
        {
            byIndex.Add(record.Index, record);
            Add(record);
        }
    }

    public void Set(TrialRecord trial, TrialState state)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.State == state)
        {
            return;
        }

        Version++;
        counts[(int)trial.State]--;
        pending.Remove(trial.Index);
        trial.State = state;
        Add(trial);
    }

    /// <summary>Up to <paramref name="max"/> pending trials, in grid order.</summary>
    public List<TrialRecord> TakePending(int max)
    {
        var taken = new List<TrialRecord>(Math.Min(Math.Max(max, 0), pending.Count));
        foreach (var index in pending)
        {
            if (taken.Count >= max)
            {
                break;
            }

            taken.Add(byIndex[index]);
        }

        return taken;
    }

    private void Add(TrialRecord trial)
    {
        counts[(int)trial.State]++;
        if (trial.State == TrialState.Pending)
        {
            pending.Add(trial.Index);
        }
    }
}
