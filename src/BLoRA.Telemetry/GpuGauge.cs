using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using static BLoRA.Telemetry.TelemetryNames;

namespace BLoRA.Telemetry;

/// <summary>
/// GPU memory and utilization of a CUDA worker silo, for <see cref="Instruments.GpuMemoryUsed"/> and
/// <see cref="Instruments.GpuUtilization"/>. Only CUDA workers track one; a CPU silo reports nothing.
/// Samples are taken at collection time and reused for a few seconds (both gauges read one sample).
/// </summary>
public sealed class GpuGauge : IDisposable
{
    private static readonly ConcurrentDictionary<GpuGauge, byte> Silos = new();
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(5);
    private readonly Func<GpuSample?> sample;
    private readonly KeyValuePair<string, object?>[] tags;
    private readonly Lock gate = new();
    private GpuSample? last;
    private long lastAt = long.MinValue;

    private GpuGauge(string silo, Func<GpuSample?> sample)
    {
        this.sample = sample;
        tags = [new(Labels.Silo, silo), new(Labels.Device, Devices.Cuda)];
    }

    /// <summary>Publishes the GPUs of silo <paramref name="silo"/>, read by <paramref name="sample"/> (default: nvidia-smi).</summary>
    public static GpuGauge Track(string silo, Func<GpuSample?>? sample = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var gauge = new GpuGauge(silo, sample ?? NvidiaSmi.Sample);
        Silos[gauge] = 0;
        return gauge;
    }

    public void Dispose() => Silos.TryRemove(this, out _);

    internal static IEnumerable<Measurement<long>> ObserveMemory()
    {
        foreach (var g in Silos.Keys)
        {
            if (g.Current() is { } s)
            {
                yield return new Measurement<long>(s.MemoryUsedBytes, g.tags);
            }
        }
    }

    internal static IEnumerable<Measurement<double>> ObserveUtilization()
    {
        foreach (var g in Silos.Keys)
        {
            if (g.Current() is { } s)
            {
                yield return new Measurement<double>(s.Utilization, g.tags);
            }
        }
    }

    private GpuSample? Current()
    {
        lock (gate)
        {
            var now = Environment.TickCount64;
            if (lastAt == long.MinValue || now - lastAt >= Reuse.TotalMilliseconds)
            {
                last = sample();
                lastAt = now;
            }

            return last;
        }
    }
}
