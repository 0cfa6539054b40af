using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using BLoRA.Abstractions;

namespace BLoRA.Benchmarks;

/// <summary>
/// A runner that only waits <see cref="Duration"/> (zero: returns at once; the benchmark changes it between its warm-up and measured sweeps) and records when each
/// run started and ended. Each trial's result (metric, relative BOPs) is a pseudo-random function of
/// its id, as distinct as real results, so the frontier holds a handful of points; with
/// <paramref name="tied"/> every trial returns the same result, which puts every trial on the
/// frontier (ties are kept) and makes each status ship N points (the degenerate case).
/// </summary>
internal sealed class BenchRunner(bool tied, ConcurrentQueue<(long Start, long End)> runs) : ITrialRunner
{
    private static readonly TrialResult Tied = Result(0.9, 0.5);

    /// <summary>How long each run waits; shared by every silo's runner.</summary>
    public static TimeSpan Duration { get; set; }

    public async Task<TrialOutcome> RunAsync(TrialRun run, ITrialProgressSink progress, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        if (Duration > TimeSpan.Zero)
        {
            await Task.Delay(Duration, cancellationToken);
        }

        runs.Enqueue((start, Stopwatch.GetTimestamp()));
        return TrialOutcome.Completed(tied ? Tied : Distinct(run.Spec.TrialId));
    }

    private static TrialResult Distinct(string trialId)
    {
        var h = 2166136261u;
        foreach (var c in trialId)
        {
            h = (h ^ c) * 16777619u;
        }

        return Result(0.5 + 0.45 * (h % 10007) / 10006.0, 0.1 + 0.9 * (h / 10007 % 10009) / 10008.0);
    }

    private static TrialResult Result(double metric, double bops) => new(
        ImmutableDictionary<string, double>.Empty, "accuracy", metric, new BopsReport(bops, bops, 1), null,
        ImmutableDictionary<string, int>.Empty, ImmutableDictionary<string, int>.Empty, 1, 0, ImmutableDictionary<string, string>.Empty);
}
