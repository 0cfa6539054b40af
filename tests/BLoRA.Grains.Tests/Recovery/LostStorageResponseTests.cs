using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Sweeps;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using BLoRA.Grains.Trials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Recovery;

/// <summary>
/// Writes that storage takes but whose answer never arrives (storage going away mid-call): every trial's
/// start, first checkpoint and end, and the sweep's record, each once. The writer sees a failure while
/// storage holds the write; the next write then meets a changed record. Nothing may be lost, stuck or
/// run twice, and what storage holds must agree with the sweep.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class LostStorageResponseTests : IAsyncLifetime
{
    private const string Inner = "sweeps-inner";
    private readonly FakeRunnerJournal journal = new();
    private readonly LostResponseStorage storage = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = TestClusters.Build(journal, 3, n => n == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker, silo =>
        {
            silo.AddMemoryGrainStorage(Inner, (OptionsBuilder<MemoryGrainStorageOptions> o) =>
                o.Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
            silo.Services.AddKeyedSingleton(GrainStorageNames.Sweeps, (sp, _) => storage.Wrap(sp.GetRequiredKeyedService<IGrainStorage>(Inner)));
            silo.UseInMemoryReminderService();
        });
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Writes_that_land_but_report_a_failure_lose_nothing_and_run_nothing_twice()
    {
        const string id = "lost-responses";
        journal.Plans[id] = _ => new FakePlan(20, TimeSpan.FromMilliseconds(20), CheckpointEvery: 5, EvalEvery: 5);
        var sweep = cluster.Client.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(Infrastructure.Specs.Grid("lost", priors: 4, budgets: 2, seeds: 1, maxConcurrent: 4));

        // Finished, and no longer failing to write its record (a sweep that kept its stale ETag would fail forever).
        var status = await Eventually.WaitAsync(sweep.GetStatusAsync, s => s.IsFinished && s.StorageProblem is null, "the sweep to finish with its record written", 180);

        Assert.Equal((SweepState.Completed, 8), (status.State, status.Completed));
        Assert.Equal(0, journal.Overlaps);
        var trials = await sweep.GetTrialsAsync();
        Assert.All(trials, t => Assert.Equal(1, journal.Completions(t.TrialId)));
        // Every kind of write lost its answer at least once, so each recovery path ran.
        foreach (var phase in new[] { ":start", ":checkpoint", ":end", ":progress", ":finish" })
        {
            Assert.Contains(storage.Lost, k => k.EndsWith(phase, StringComparison.Ordinal));
        }

        var inner = cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(Inner);
        var sweepRecord = await Eventually.WaitAsync(
            async () =>
            {
                var stored = new GrainState<SweepGrainState>();
                await inner.ReadStateAsync("sweep", sweep.GetGrainId(), stored);
                return Assert.IsType<SweepGrainState>(stored.State);
            },
            r => r.State == SweepState.Completed,
            "the stored sweep record to say Completed");
        foreach (var t in trials)
        {
            Assert.Equal(TrialState.Completed, sweepRecord.Trials.Single(r => r.TrialId == t.TrialId).State);
            var stored = new GrainState<TrialGrainState>();
            await inner.ReadStateAsync("trial", cluster.Client.GetGrain<ITrialGrain>(t.TrialId).GetGrainId(), stored);
            var trialRecord = Assert.IsType<TrialGrainState>(stored.State);
            Assert.Equal(TrialState.Completed, trialRecord.State);
            Assert.Equal(t.Result!.PrimaryMetric, trialRecord.Result!.PrimaryMetric);
        }
    }
}
