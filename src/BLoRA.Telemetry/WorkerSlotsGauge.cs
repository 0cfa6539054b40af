using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using static BLoRA.Telemetry.TelemetryNames;

namespace BLoRA.Telemetry;

/// <summary>
/// One worker silo's slots for <see cref="Instruments.WorkerSlotsUsed"/> and <see cref="Instruments.WorkerSlotsTotal"/>:
/// the total is fixed, the slots in use are read from the silo at collection time. Disposing removes the series.
/// </summary>
public sealed class WorkerSlotsGauge : IDisposable
{
    private static readonly ConcurrentDictionary<WorkerSlotsGauge, byte> Silos = new();
    private readonly Func<int> used;
    private readonly int total;
    private readonly KeyValuePair<string, object?>[] tags;

    private WorkerSlotsGauge(string silo, string device, int total, Func<int> used)
    {
        this.used = used;
        this.total = total;
        tags = [new(Labels.Silo, silo), new(Labels.Device, Devices.Of(device))];
    }

    /// <summary>Publishes a silo's <paramref name="total"/> slots and how many are <paramref name="used"/>.</summary>
    /// <param name="silo">The silo's name.</param>
    /// <param name="device">Its accelerator (cpu, gpu) or device (cpu, cuda, cuda:N).</param>
    /// <param name="total">Slots it has.</param>
    /// <param name="used">Reads the slots in use (called at collection time, from the collector's thread).</param>
    public static WorkerSlotsGauge Track(string silo, string device, int total, Func<int> used)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(used);
        var gauge = new WorkerSlotsGauge(silo, device, total, used);
        Silos[gauge] = 0;
        return gauge;
    }

    public void Dispose() => Silos.TryRemove(this, out _);

    internal static IEnumerable<Measurement<int>> ObserveUsed() => Silos.Keys.Select(g => new Measurement<int>(g.used(), g.tags));

    internal static IEnumerable<Measurement<int>> ObserveTotal() => Silos.Keys.Select(g => new Measurement<int>(g.total, g.tags));
}
