using System.Collections.Concurrent;
using BLoRA.Abstractions;

namespace BLoRA.Grains.Tests.Fakes;

/// <summary>
/// Shared by every silo of an in-process cluster: the plans per sweep, and a journal of every run
/// with the checks the tests assert (no trial running twice at once, slots in use per silo).
/// </summary>
public sealed class FakeRunnerJournal
{
    private readonly object gate = new();
    private readonly Dictionary<string, int> activeByTrial = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> slotsBySilo = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> maxSlotsBySilo = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> completions = new(StringComparer.Ordinal);
    private readonly List<FakeRun> runs = [];

    public ConcurrentDictionary<string, Func<TrialSpec, FakePlan>> Plans { get; } = new(StringComparer.Ordinal);

    /// <summary>Times any trial had two runs at once (must stay 0).</summary>
    public int Overlaps { get; private set; }

    public FakePlan PlanFor(TrialSpec spec) => Plans.TryGetValue(spec.SweepId, out var plan) ? plan(spec) : FakePlan.Quick;

    public IReadOnlyList<FakeRun> Runs(string sweepId)
    {
        lock (gate)
        {
            return runs.Where(r => r.TrialId.StartsWith(sweepId + ".", StringComparison.Ordinal)).ToList();
        }
    }

    public int MaxSlotsInUse(string silo)
    {
        lock (gate)
        {
            return maxSlotsBySilo.GetValueOrDefault(silo);
        }
    }

    public IReadOnlyDictionary<string, int> MaxSlotsBySilo()
    {
        lock (gate)
        {
            return new Dictionary<string, int>(maxSlotsBySilo);
        }
    }

    public int Completions(string trialId)
    {
        lock (gate)
        {
            return completions.GetValueOrDefault(trialId);
        }
    }

    /// <summary>Every attempt's run, in all sweeps.</summary>
    public int RunCount
    {
        get
        {
            lock (gate)
            {
                return runs.Count;
            }
        }
    }

    /// <summary>Trials with at least one completed run, in all sweeps.</summary>
    public int CompletedTrials
    {
        get
        {
            lock (gate)
            {
                return completions.Count;
            }
        }
    }

    /// <summary>Completed runs per trial id, in all sweeps.</summary>
    public IReadOnlyDictionary<string, int> AllCompletions()
    {
        lock (gate)
        {
            return new Dictionary<string, int>(completions, StringComparer.Ordinal);
        }
    }

    public int ActiveRuns(string sweepId)
    {
        lock (gate)
        {
            return activeByTrial.Where(a => a.Key.StartsWith(sweepId + ".", StringComparison.Ordinal)).Sum(a => a.Value);
        }
    }

    public FakeRun Begin(TrialRun run, string silo, long startStep)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (gate)
        {
            var record = new FakeRun(run.Spec.TrialId, run.Attempt, silo, run.ResumeCheckpoint, startStep);
            runs.Add(record);
            var active = activeByTrial.GetValueOrDefault(run.Spec.TrialId) + 1;
            activeByTrial[run.Spec.TrialId] = active;
            if (active > 1)
            {
                Overlaps++;
            }

            var used = slotsBySilo.GetValueOrDefault(silo) + run.Spec.GpuSlots;
            slotsBySilo[silo] = used;
            maxSlotsBySilo[silo] = Math.Max(maxSlotsBySilo.GetValueOrDefault(silo), used);
            return record;
        }
    }

    public void End(FakeRun record, TrialRun run, string ending)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(run);
        lock (gate)
        {
            record.Ending = ending;
            activeByTrial[run.Spec.TrialId]--;
            slotsBySilo[record.Silo] -= run.Spec.GpuSlots;
            if (ending == "completed")
            {
                completions[run.Spec.TrialId] = completions.GetValueOrDefault(run.Spec.TrialId) + 1;
            }
        }
    }
}
