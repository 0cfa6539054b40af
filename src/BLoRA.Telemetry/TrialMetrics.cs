using System.Diagnostics;
using static BLoRA.Telemetry.TelemetryNames;

namespace BLoRA.Telemetry;

/// <summary>Records the end of a trial attempt: <see cref="Instruments.TrialsEnded"/>, its duration, and a completed trial's final bits, rank and BOPs.</summary>
public static class TrialMetrics
{
    /// <summary>Label value of <see cref="Labels.State"/> for an attempt that completed.</summary>
    public const string Completed = "Completed";

    /// <summary>… that failed.</summary>
    public const string Failed = "Failed";

    /// <summary>… that was stopped (cancelled, stopped early).</summary>
    public const string Stopped = "Stopped";

    /// <summary>Whether anything collects the final bits/rank/BOPs (their inputs are worth computing only then).</summary>
    public static bool FinalsEnabled => BLoRAMetrics.TrialFinalBits.Enabled || BLoRAMetrics.TrialFinalRank.Enabled || BLoRAMetrics.TrialFinalBops.Enabled;

    /// <param name="sweepId">The trial's sweep.</param>
    /// <param name="state"><see cref="Completed"/>, <see cref="Failed"/> or <see cref="Stopped"/>.</param>
    /// <param name="startTimestamp">When the attempt started (<see cref="Stopwatch.GetTimestamp"/>).</param>
    public static void Ended(string sweepId, string state, long startTimestamp)
    {
        var labels = new TagList { { Labels.State, state } };
        BLoRAMetrics.TrialsEnded.Add(1, labels);
        if (BLoRAMetrics.TrialDuration.Enabled)
        {
            labels.Add(Labels.Sweep, sweepId);
            BLoRAMetrics.TrialDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, labels);
        }
    }

    /// <summary>A completed trial's final mean bit width, mean live rank and relative adapter BOPs.</summary>
    public static void Final(string sweepId, double meanBits, double meanRank, double relativeBops)
    {
        var labels = new TagList { { Labels.Sweep, sweepId } };
        if (double.IsFinite(meanBits))
        {
            BLoRAMetrics.TrialFinalBits.Record(meanBits, labels);
        }

        if (double.IsFinite(meanRank))
        {
            BLoRAMetrics.TrialFinalRank.Record(meanRank, labels);
        }

        if (double.IsFinite(relativeBops))
        {
            BLoRAMetrics.TrialFinalBops.Record(relativeBops, labels);
        }
    }
}
