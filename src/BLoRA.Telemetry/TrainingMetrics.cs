using System.Diagnostics;
using static BLoRA.Telemetry.TelemetryNames;

namespace BLoRA.Telemetry;

/// <summary>
/// One trial's training instruments (steps, samples, loss, evaluation metrics, expected bits, rank and
/// BOPs), labelled with its sweep and trial (and device for the rates). Called at each progress report
/// (every logging window), never per step.
/// </summary>
public sealed class TrainingMetrics(string sweepId, string trialId, string device)
{
    private readonly TagList trial = new() { { Labels.Sweep, sweepId }, { Labels.Trial, trialId } };
    private readonly TagList onDevice = new() { { Labels.Sweep, sweepId }, { Labels.Trial, trialId }, { Labels.Device, TelemetryNames.Devices.Of(device) } };

    /// <summary>Steps and samples done since the last report, and the values at this report.</summary>
    public void Progress(long steps, long samples, double loss, double expectedBits, double expectedRank, double expectedRelativeBops)
    {
        if (steps > 0)
        {
            BLoRAMetrics.TrainSteps.Add(steps, onDevice);
        }

        if (samples > 0)
        {
            BLoRAMetrics.TrainSamples.Add(samples, onDevice);
        }

        Record(BLoRAMetrics.TrainLoss, loss);
        Record(BLoRAMetrics.TrainExpectedBits, expectedBits);
        Record(BLoRAMetrics.TrainExpectedRank, expectedRank);
        Record(BLoRAMetrics.TrainExpectedBops, expectedRelativeBops);
    }

    /// <summary>An evaluation's metrics (label <see cref="Labels.Metric"/>: each metric's name).</summary>
    public void Evaluation(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (!BLoRAMetrics.TrainMetric.Enabled)
        {
            return;
        }

        foreach (var (name, value) in metrics)
        {
            if (double.IsFinite(value))
            {
                var labels = trial;
                labels.Add(Labels.Metric, name);
                BLoRAMetrics.TrainMetric.Record(value, labels);
            }
        }
    }

    private void Record(System.Diagnostics.Metrics.Gauge<double> gauge, double value)
    {
        if (double.IsFinite(value))
        {
            gauge.Record(value, trial);
        }
    }
}
