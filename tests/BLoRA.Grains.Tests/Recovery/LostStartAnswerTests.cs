using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Sweeps;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Recovery;

/// <summary>
/// The narrow case of a lost storage answer, step by step on one worker with one slot: a trial's start write
/// lands but its answer is lost; the retried start meets the changed record and re-reads it ("running here,
/// attempt 1"), and while that re-read is in flight another trial asks for the silo's only slot. The trial must
/// still run its recorded attempt (it holds the slot it reserved for the retry); before, it gave the slot back
/// before the re-read, the other trial took it, and the trial stayed "running" with nothing running it.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class LostStartAnswerTests : IAsyncLifetime
{
    private const string Inner = "sweeps-inner";
    private const string SweepId = "lost-start";
    private readonly FakeRunnerJournal journal = new();
    private readonly ScriptedStorage storage = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = TestClusters.Build(
            journal,
            2,
            n => n == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker,
            silo =>
            {
                silo.AddMemoryGrainStorage(Inner, (OptionsBuilder<MemoryGrainStorageOptions> o) =>
                    o.Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
                silo.Services.AddKeyedSingleton(GrainStorageNames.Sweeps, (sp, _) => storage.Wrap(sp.GetRequiredKeyedService<IGrainStorage>(Inner)));
                silo.UseInMemoryReminderService();
            },
            o => o.WorkerSlots = 1);
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_start_whose_answer_was_lost_runs_its_recorded_attempt_although_another_trial_asks_for_the_slot_during_the_reread()
    {
        journal.Plans[SweepId] = _ => new FakePlan(10, TimeSpan.FromMilliseconds(20));
        var specs = TrialPlanner.Plan(SweepId, Infrastructure.Specs.Grid("lost-start", priors: 2, budgets: 1, seeds: 1));
        var (first, second) = (specs[0], specs[1]);
        var trial = cluster.Client.GetGrain<ITrialGrain>(first.TrialId);
        var other = cluster.Client.GetGrain<ITrialGrain>(second.TrialId);

        // The start is stored ("running on the worker, attempt 1"), but the trial hears it failed: nothing runs.
        storage.LoseNextWriteAnswer(trial.GetGrainId());
        await Assert.ThrowsAnyAsync<Exception>(() => trial.StartAsync(first));
        Assert.Equal(0, journal.RunCount);

        // The retry's write meets the changed record; its re-read waits while the other trial asks for the slot.
        var release = new TaskCompletionSource();
        var rereading = storage.HoldNextRead(trial.GetGrainId(), release.Task);
        var retry = trial.StartAsync(first);
        await rereading;
        var refused = await other.StartAsync(second);
        release.SetResult();
        var started = await retry;

        Assert.Equal(TrialState.Pending, refused.State);
        Assert.Contains("no free slot", refused.Reason, StringComparison.Ordinal);
        Assert.Equal((TrialState.Running, 1), (started.State, started.Attempts));
        var done = await Eventually.WaitAsync(trial.GetStatusAsync, s => s.State == TrialState.Completed, "the recorded attempt to run to completion", 30);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(1, journal.Completions(first.TrialId));

        // The slot is free again afterwards: the other trial runs too.
        await Eventually.WaitAsync(() => other.StartAsync(second), s => s.State != TrialState.Pending, "the other trial to start");
        await Eventually.WaitAsync(other.GetStatusAsync, s => s.State == TrialState.Completed, "the other trial to complete", 30);
        Assert.Equal(0, journal.Overlaps);
    }
}
