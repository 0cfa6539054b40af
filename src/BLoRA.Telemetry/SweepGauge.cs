using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using static BLoRA.Telemetry.TelemetryNames;

namespace BLoRA.Telemetry;

/// <summary>
/// One sweep's gauge values, kept current by its sweep grain (<see cref="Set"/> is a few field writes)
/// and read by the observable gauges at collection time. Disposing removes the sweep's series.
/// </summary>
public sealed class SweepGauge : IDisposable
{
    private static readonly ConcurrentDictionary<string, SweepGauge> Sweeps = new(StringComparer.Ordinal);
    private static readonly string[] StateNames = ["Pending", "Running", "Completed", "Failed", "Stopped"];
    private readonly KeyValuePair<string, object?> sweep;
    private readonly int[] trials = new int[StateNames.Length];
    private int frontier;
    private double hypervolume;

    private SweepGauge(string sweepId) => sweep = new(Labels.Sweep, sweepId);

    public string SweepId => (string)sweep.Value!;

    /// <summary>Starts (or takes over) the series of <paramref name="sweepId"/>.</summary>
    public static SweepGauge Track(string sweepId)
    {
        ArgumentNullException.ThrowIfNull(sweepId);
        var gauge = new SweepGauge(sweepId);
        Sweeps[sweepId] = gauge;
        return gauge;
    }

    /// <summary>The sweep's trials per state, its frontier's size and hypervolume.</summary>
    public void Set(int pending, int running, int completed, int failed, int stopped, int frontierSize, double frontierHypervolume)
    {
        trials[0] = pending;
        trials[1] = running;
        trials[2] = completed;
        trials[3] = failed;
        trials[4] = stopped;
        frontier = frontierSize;
        hypervolume = frontierHypervolume;
    }

    public void Dispose() => Sweeps.TryRemove(new KeyValuePair<string, SweepGauge>(SweepId, this));

    internal static IEnumerable<Measurement<int>> ObserveTrials()
    {
        foreach (var g in Sweeps.Values)
        {
            for (var s = 0; s < StateNames.Length; s++)
            {
                yield return new Measurement<int>(g.trials[s], g.sweep, new KeyValuePair<string, object?>(Labels.State, StateNames[s]));
            }
        }
    }

    internal static IEnumerable<Measurement<int>> ObserveQueue() => Sweeps.Values.Select(g => new Measurement<int>(g.trials[0], g.sweep));

    internal static IEnumerable<Measurement<int>> ObserveFrontier() => Sweeps.Values.Select(g => new Measurement<int>(g.frontier, g.sweep));

    internal static IEnumerable<Measurement<double>> ObserveHypervolume() => Sweeps.Values.Select(g => new Measurement<double>(g.hypervolume, g.sweep));
}
