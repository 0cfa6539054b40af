using System.Collections.Concurrent;
using System.Collections.Immutable;
using BLoRA.Abstractions;
using BLoRA.Grains.Execution;
using Microsoft.Extensions.Logging.Abstractions;

namespace BLoRA.Grains.Tests.Execution;

public sealed class SweepReportBatcherTests
{
    private readonly ConcurrentQueue<(string SweepId, ImmutableArray<TrialStatus> Batch)> sent = new();

    [Fact]
    public async Task An_idle_sweep_gets_a_report_at_once_and_reports_arriving_during_a_call_go_together_in_the_next()
    {
        var first = new TaskCompletionSource();
        var calls = 0;
        var batcher = new SweepReportBatcher(
            (sweepId, batch) =>
            {
                sent.Enqueue((sweepId, batch));
                return Interlocked.Increment(ref calls) == 1 ? first.Task : Task.CompletedTask;
            },
            NullLogger.Instance,
            CancellationToken.None);

        batcher.Report("s", Status("s.t00000"));
        await WaitForAsync(() => sent.Count == 1);
        for (var i = 1; i <= 10; i++)
        {
            batcher.Report("s", Status($"s.t{i:D5}"));
        }

        first.SetResult();
        await WaitForAsync(() => sent.Count == 2);

        var batches = sent.ToArray();
        Assert.Single(batches[0].Batch);
        Assert.Equal([.. Enumerable.Range(1, 10).Select(i => $"s.t{i:D5}")], batches[1].Batch.Select(s => s.TrialId));
        Assert.All(batches, b => Assert.Equal("s", b.SweepId));
    }

    [Fact]
    public async Task Each_sweep_has_its_own_sender_and_a_batch_never_exceeds_the_maximum()
    {
        var gate = new TaskCompletionSource();
        var batcher = new SweepReportBatcher(
            (sweepId, batch) =>
            {
                sent.Enqueue((sweepId, batch));
                return gate.Task;
            },
            NullLogger.Instance,
            CancellationToken.None);

        batcher.Report("a", Status("a.t00000"));
        batcher.Report("b", Status("b.t00000"));
        await WaitForAsync(() => sent.Count == 2);
        var more = SweepReportBatcher.MaxBatch + 3;
        for (var i = 1; i <= more; i++)
        {
            batcher.Report("a", Status($"a.t{i:D5}"));
        }

        gate.SetResult();
        await WaitForAsync(() => sent.Sum(s => s.Batch.Length) == more + 2);

        var toA = sent.Where(s => s.SweepId == "a").Select(s => s.Batch.Length).ToList();
        Assert.Equal([1, SweepReportBatcher.MaxBatch, 3], toA);
        Assert.Single(sent, s => s.SweepId == "b");
    }

    [Fact]
    public async Task A_failed_call_is_retried_with_the_same_reports()
    {
        var attempts = 0;
        var batcher = new SweepReportBatcher(
            (sweepId, batch) =>
            {
                sent.Enqueue((sweepId, batch));
                return Interlocked.Increment(ref attempts) == 1 ? Task.FromException(new TimeoutException("lost")) : Task.CompletedTask;
            },
            NullLogger.Instance,
            CancellationToken.None);

        batcher.Report("s", Status("s.t00007"));
        await WaitForAsync(() => sent.Count == 2);

        Assert.All(sent, s => Assert.Equal("s.t00007", Assert.Single(s.Batch).TrialId));
    }

    private static TrialStatus Status(string trialId) => new(trialId, TrialState.Completed, 1, null, null, null, null, null);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "timed out");
    }
}
