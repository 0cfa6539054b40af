using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Recovery;

/// <summary>
/// <see cref="WorkerFailureTests"/> with each trial's durable reminder registered at start
/// (<see cref="SweepClusterOptions.TrialReminderDelay"/> zero): the reminder and the sweep's lost-silo
/// detection both race to resume a killed worker's trials, and still none is lost or run twice.
/// (With the default delay, trials this short die before their reminder exists: that is the other test.)
/// </summary>
[Trait("Category", "Integration")]
public sealed class WorkerFailureWithRemindersTests : IAsyncLifetime
{
    private readonly FakeRunnerJournal journal = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        var connection = await Azurite.RequireAsync();
        var name = Azurite.FreshName("kill-reminders");
        cluster = TestClusters.Build(journal, 3, n => n == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker, silo => silo.UseAzurite(connection, name),
            o => o.TrialReminderDelay = TimeSpan.Zero);
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Trials_of_a_killed_worker_resume_elsewhere_once_with_reminders_registered_at_start()
    {
        const string id = "kill-reminders";
        // First attempts stop after step 10 until the kill, so all four are mid-run when it comes (see WorkerFailureTests).
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        journal.Plans[id] = _ => new FakePlan(60, TimeSpan.FromMilliseconds(50), CheckpointEvery: 5, HoldAtStep: 10, Release: release.Task);
        var sweep = cluster.Client.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(Infrastructure.Specs.Grid("killrem", priors: 3, budgets: 2, seeds: 1, maxConcurrent: 4));

        var running = await Eventually.WaitAsync(
            async () => await Task.WhenAll((await sweep.GetTrialsAsync()).Where(t => t.State == TrialState.Running)
                .Select(t => cluster.Client.GetGrain<ITrialGrain>(t.TrialId).GetStatusAsync())),
            ts => ts.Length == 4 && ts.All(t => t.Checkpoint is not null),
            "four running trials with a checkpoint");
        var victim = running[0].Silo!;
        var victims = running.Where(t => t.Silo == victim).Select(t => t.TrialId).ToHashSet();
        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == victim));
        release.SetResult();

        var status = await Eventually.WaitAsync(sweep.GetStatusAsync, s => s.IsFinished, "the sweep to finish", 180);

        Assert.Equal((SweepState.Completed, 6), (status.State, status.Completed));
        Assert.Equal(0, journal.Overlaps);
        var runs = journal.Runs(id);
        Assert.All(await sweep.GetTrialsAsync(), t => Assert.Equal(1, journal.Completions(t.TrialId)));
        foreach (var trialId in victims)
        {
            var run = Assert.Single(runs, r => r.TrialId == trialId && r.Silo != victim);
            Assert.True(run.StartStep >= 5, $"{trialId} restarted from step {run.StartStep}, not from a checkpoint");
            Assert.Equal("completed", run.Ending);
            ResumeAssertions.AtMostOneIntervalLost(runs, trialId, victim, run, interval: 5);
        }
    }
}
