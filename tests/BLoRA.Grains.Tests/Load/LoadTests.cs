using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace BLoRA.Grains.Tests.Load;

/// <summary>
/// 200 sweeps of 50 trials submitted at once to a 3-silo cluster (a coordinator and two workers of 64
/// slots) with a runner that returns at once: every trial completes exactly once (counted at the
/// runner), none is lost, and once the sweeps are done their activations can all be collected and the
/// managed heap comes back near where it started. Timing is not asserted (see docs/benchmarks.md, "Load").
/// </summary>
[Trait("Category", "Cluster")]
public sealed class LoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    public const int Sweeps = 200;
    public const int TrialsPerSweep = 50;

    /// <summary>The most the managed heap may grow over the run, once its activations are collected.</summary>
    private const long HeapGrowthBound = 64L * 1024 * 1024;

    private readonly FakeRunnerJournal journal = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = TestClusters.Build(journal, 3, n => n == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker, configure: o =>
        {
            o.WorkerSlots = 64;
            o.PumpInterval = new SweepClusterOptions().PumpInterval;
        });
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Two_hundred_concurrent_sweeps_of_fifty_trials_all_complete_none_lost_and_memory_returns()
    {
        var ids = Enumerable.Range(0, Sweeps).Select(i => $"load-{i:D3}").ToList();
        foreach (var id in ids)
        {
            journal.Plans[id] = _ => FakePlan.NoOp;
        }

        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var activationsBefore = await management.GetTotalActivationCount();

        var submitted = await Task.WhenAll(ids.Select(id =>
            cluster.Client.GetGrain<ISweepGrain>(id).SubmitAsync(Specs.Grid(id, priors: 5, budgets: 5, seeds: 2))));
        Assert.All(submitted, s => Assert.Equal((SubmitOutcome.Created, TrialsPerSweep), (s.Outcome, s.Trials)));
        // The runner's count first (no grain calls), then every sweep's own account.
        await Eventually.WaitAsync(() => Task.FromResult(journal.CompletedTrials), n => n == Sweeps * TrialsPerSweep, "every trial to run", limitSeconds: 600);
        var statuses = await Eventually.WaitAsync(
            () => Task.WhenAll(ids.Select(id => cluster.Client.GetGrain<ISweepGrain>(id).GetStatusAsync())),
            all => all.All(s => s.IsFinished),
            "every sweep to finish",
            limitSeconds: 600);

        Assert.All(statuses, s => Assert.Equal((SweepState.Completed, TrialsPerSweep), (s.State, s.Completed)));
        var completions = journal.AllCompletions();
        Assert.Equal(Sweeps * TrialsPerSweep, completions.Count);
        Assert.All(completions, c => Assert.Equal(1, c.Value));
        Assert.Equal(Sweeps * TrialsPerSweep, journal.RunCount);
        Assert.Equal(0, journal.Overlaps);
        foreach (var id in ids)
        {
            var trials = await cluster.Client.GetGrain<ISweepGrain>(id).GetTrialsAsync();
            Assert.All(trials, t => Assert.True(completions.ContainsKey(t.TrialId), $"{t.TrialId} never ran"));
        }

        // Finished sweeps and trials hold no timers: every one of their activations can be collected.
        var activationsAfter = await management.GetTotalActivationCount();
        await management.ForceActivationCollection(TimeSpan.Zero);
        var collected = await Eventually.WaitAsync(management.GetTotalActivationCount, n => n <= activationsBefore + 10, "the finished sweeps' and trials' activations to be collected");
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"activations: before {activationsBefore}, after the load {activationsAfter}, after collection {collected}; managed heap: before {heapBefore / 1048576.0:F1} MiB, after {heapAfter / 1048576.0:F1} MiB");
        Assert.True(activationsAfter >= Sweeps, $"only {activationsAfter} activations after the load");
        Assert.True(heapAfter - heapBefore < HeapGrowthBound, $"the managed heap grew by {(heapAfter - heapBefore) / 1048576.0:F1} MiB (bound {HeapGrowthBound / 1048576} MiB)");
    }
}
