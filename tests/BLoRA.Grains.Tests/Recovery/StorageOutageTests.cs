using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Sweeps;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using BLoRA.Grains.Trials;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Recovery;

/// <summary>
/// Azure storage goes away mid-sweep (the test's own Azurite is stopped) and comes back: the sweep
/// says so in its status meanwhile, retries, and completes with every trial run to completion exactly
/// once and its stored records consistent with what it reports.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StorageOutageTests : IAsyncLifetime
{
    private readonly FakeRunnerJournal journal = new();
    private AzuriteProcess azurite = null!;
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        azurite = await AzuriteProcess.StartNewAsync();
        var name = Azurite.FreshName("outage");
        cluster = TestClusters.Build(journal, 3, n => n == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker, silo => silo.UseAzurite(azurite.ConnectionString, name));
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        await azurite.DisposeAsync();
    }

    [Fact]
    public async Task While_storage_is_down_the_status_says_so_and_afterwards_the_sweep_completes_every_trial_once_with_consistent_records()
    {
        const string id = "outage";
        journal.Plans[id] = _ => new FakePlan(60, TimeSpan.FromMilliseconds(50), CheckpointEvery: 5, EvalEvery: 5);
        var sweep = cluster.Client.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(Infrastructure.Specs.Grid("outage", priors: 6, budgets: 2, seeds: 1, maxConcurrent: 4));
        await Eventually.WaitAsync(sweep.GetStatusAsync, s => s.Completed >= 2, "two trials to complete");
        await Eventually.WaitAsync(() => Task.FromResult(journal.Runs(id).Count(r => r.Ending == "running" && r.LastStep < 30)), n => n >= 2, "two runs under way");

        await azurite.StopAsync();
        var ended = CompletedRuns();
        var during = await Eventually.WaitAsync(sweep.GetStatusAsync, s => s.StorageProblem is not null, "the status to report the storage problem");
        // Stay down until every run under way has finished with nowhere to record its outcome (no new
        // one can start: starting is recorded first), while the trials' watchdogs tick.
        await Eventually.WaitAsync(() => Task.FromResult(journal.ActiveRuns(id)), n => n == 0, "the runs under way to finish during the outage");
        Assert.True(CompletedRuns() > ended, "no run finished during the outage");
        var stillDown = await sweep.GetStatusAsync();
        await azurite.StartAsync();

        Assert.False(during.IsFinished);
        Assert.StartsWith("storage unavailable: writes to grain storage have failed since", during.StorageProblem, StringComparison.Ordinal);
        Assert.Contains("writes again every pass", during.StorageProblem, StringComparison.Ordinal);
        Assert.NotNull(stillDown.StorageProblem);

        var status = await Eventually.WaitAsync(sweep.GetStatusAsync, s => s.IsFinished && s.StorageProblem is null, "the sweep to finish once storage is back", 240);
        Assert.Equal((SweepState.Completed, 12), (status.State, status.Completed));
        Assert.Equal(0, journal.Overlaps);
        var trials = await sweep.GetTrialsAsync();
        Assert.All(trials, t => Assert.Equal(1, journal.Completions(t.TrialId)));

        // What storage holds agrees with what the sweep reports: read the records back from Azurite.
        var storage = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Sweeps);
        // (The status answers from memory, so the final write may land just after it says Completed.)
        var sweepRecord = await Eventually.WaitAsync(
            async () =>
            {
                var stored = new GrainState<SweepGrainState>();
                await storage.ReadStateAsync("sweep", sweep.GetGrainId(), stored);
                return Assert.IsType<SweepGrainState>(stored.State);
            },
            r => r.State == SweepState.Completed,
            "the stored sweep record to say Completed");
        Assert.Equal(12, sweepRecord.Trials.Count);
        foreach (var t in trials)
        {
            var record = sweepRecord.Trials.Single(r => r.TrialId == t.TrialId);
            Assert.Equal(TrialState.Completed, record.State);
            Assert.Equal(t.Result!.PrimaryMetric, record.Result!.PrimaryMetric);
            var trialState = new GrainState<TrialGrainState>();
            await storage.ReadStateAsync("trial", cluster.Client.GetGrain<ITrialGrain>(t.TrialId).GetGrainId(), trialState);
            var trialRecord = Assert.IsType<TrialGrainState>(trialState.State);
            Assert.Equal(TrialState.Completed, trialRecord.State);
            Assert.Equal(t.Result.PrimaryMetric, trialRecord.Result!.PrimaryMetric);
            Assert.Equal(record.Attempts, trialRecord.Attempts);
        }
    }

    private int CompletedRuns() => journal.Runs("outage").Count(r => r.Ending == "completed");
}
