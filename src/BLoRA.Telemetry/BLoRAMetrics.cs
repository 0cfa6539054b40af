using System.Diagnostics.Metrics;
using static BLoRA.Telemetry.TelemetryNames;

namespace BLoRA.Telemetry;

/// <summary>
/// The cluster's Meter and every instrument of <see cref="TelemetryNames.Instruments"/>. Synchronous
/// instruments are recorded where things happen (trial ends, training progress); the observable gauges
/// read process-wide registries that the sweeps (<see cref="SweepGauge"/>), the worker slots
/// (<see cref="WorkerSlotsGauge"/>) and CUDA workers (<see cref="GpuGauge"/>) keep current. With no
/// listener every record call is one check.
/// </summary>
public static class BLoRAMetrics
{
    public static Meter Meter { get; } = new(Source, typeof(BLoRAMetrics).Assembly.GetName().Version?.ToString());

    internal static Counter<long> TrialsEnded { get; } =
        Meter.CreateCounter<long>(Instruments.TrialsEnded, Units.Trial, "Trial attempts that ended, by how they ended.");

    internal static Counter<long> TrainSteps { get; } =
        Meter.CreateCounter<long>(Instruments.TrainSteps, Units.Step, "Training steps taken (rate: steps/s).");

    internal static Counter<long> TrainSamples { get; } =
        Meter.CreateCounter<long>(Instruments.TrainSamples, Units.Sample, "Training examples processed (rate: samples/s).");

    internal static Gauge<double> TrainLoss { get; } =
        Meter.CreateGauge<double>(Instruments.TrainLoss, Units.Ratio, "Mean training loss over the last logging window.");

    internal static Gauge<double> TrainMetric { get; } =
        Meter.CreateGauge<double>(Instruments.TrainMetric, Units.Ratio, "The latest evaluation metric (label metric: its name).");

    internal static Gauge<double> TrainExpectedBits { get; } =
        Meter.CreateGauge<double>(Instruments.TrainExpectedBits, Units.Bit, "Mean expected bit width of the adapters' quantizers.");

    internal static Gauge<double> TrainExpectedRank { get; } =
        Meter.CreateGauge<double>(Instruments.TrainExpectedRank, Units.Ratio, "Mean expected rank of the adapters.");

    internal static Gauge<double> TrainExpectedBops { get; } =
        Meter.CreateGauge<double>(Instruments.TrainExpectedBops, Units.Ratio, "Expected adapter BOPs relative to fp32 at full rank.");

    internal static Histogram<double> TrialFinalBits { get; } = Meter.CreateHistogram(
        Instruments.TrialFinalBits, Units.Bit, "Mean bit width of a completed trial's adapters.", null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 32] });

    internal static Histogram<double> TrialFinalRank { get; } = Meter.CreateHistogram(
        Instruments.TrialFinalRank, Units.Ratio, "Mean live rank of a completed trial's adapters.", null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64] });

    internal static Histogram<double> TrialFinalBops { get; } = Meter.CreateHistogram(
        Instruments.TrialFinalBops, Units.Ratio, "A completed trial's adapter BOPs relative to fp32 at full rank.", null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] });

    internal static Histogram<double> TrialDuration { get; } = Meter.CreateHistogram(
        Instruments.TrialDuration, Units.Seconds, "How long a trial attempt ran, by how it ended.", null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 86400] });

    internal static ObservableGauge<int> SweepTrials { get; } =
        Meter.CreateObservableGauge(Instruments.SweepTrials, SweepGauge.ObserveTrials, Units.Trial, "A sweep's trials in each state.");

    internal static ObservableGauge<int> SweepQueueLength { get; } =
        Meter.CreateObservableGauge(Instruments.SweepQueueLength, SweepGauge.ObserveQueue, Units.Trial, "A sweep's trials waiting for a slot.");

    internal static ObservableGauge<int> SweepFrontierSize { get; } =
        Meter.CreateObservableGauge(Instruments.SweepFrontierSize, SweepGauge.ObserveFrontier, Units.Point, "Points on a sweep's accuracy-vs-BOPs Pareto frontier.");

    internal static ObservableGauge<double> SweepHypervolume { get; } =
        Meter.CreateObservableGauge(Instruments.SweepHypervolume, SweepGauge.ObserveHypervolume, Units.Ratio, "Hypervolume of a sweep's frontier against its reference point.");

    internal static ObservableGauge<int> WorkerSlotsUsed { get; } =
        Meter.CreateObservableGauge(Instruments.WorkerSlotsUsed, WorkerSlotsGauge.ObserveUsed, Units.Slot, "Worker slots (GPUs) in use on a silo.");

    internal static ObservableGauge<int> WorkerSlotsTotal { get; } =
        Meter.CreateObservableGauge(Instruments.WorkerSlotsTotal, WorkerSlotsGauge.ObserveTotal, Units.Slot, "Worker slots (GPUs) a silo has.");

    internal static ObservableGauge<long> GpuMemoryUsed { get; } =
        Meter.CreateObservableGauge(Instruments.GpuMemoryUsed, GpuGauge.ObserveMemory, Units.Bytes, "GPU memory in use on a CUDA worker (all its visible GPUs).");

    internal static ObservableGauge<double> GpuUtilization { get; } =
        Meter.CreateObservableGauge(Instruments.GpuUtilization, GpuGauge.ObserveUtilization, Units.Ratio, "GPU utilization of a CUDA worker, 0..1 (mean of its visible GPUs).");

    /// <summary>Whether anything collects the sweep gauges (a sweep skips publishing otherwise).</summary>
    public static bool SweepGaugesEnabled => SweepTrials.Enabled || SweepQueueLength.Enabled || SweepFrontierSize.Enabled || SweepHypervolume.Enabled;
}
