using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using BLoRA.Abstractions;

namespace BLoRA.Benchmarks;

/// <summary>A runner that only waits <paramref name="duration"/> (zero: returns at once) and records when each run started and ended.</summary>
internal sealed class BenchRunner(TimeSpan duration, ConcurrentQueue<(long Start, long End)> runs) : ITrialRunner
{
    private static readonly TrialResult Result = new(
        ImmutableDictionary<string, double>.Empty, "accuracy", 0.9, new BopsReport(1, 0.5, 1), null,
        ImmutableDictionary<string, int>.Empty, ImmutableDictionary<string, int>.Empty, 1, 0, ImmutableDictionary<string, string>.Empty);

    public async Task<TrialOutcome> RunAsync(TrialRun run, ITrialProgressSink progress, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        if (duration > TimeSpan.Zero)
        {
            await Task.Delay(duration, cancellationToken);
        }

        runs.Enqueue((start, Stopwatch.GetTimestamp()));
        return TrialOutcome.Completed(Result);
    }
}
