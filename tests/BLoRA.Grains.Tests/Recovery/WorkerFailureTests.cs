using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Recovery;

/// <summary>A worker silo dies mid-trial: its trials resume on the other worker from their checkpoints (Azurite-backed).</summary>
[Trait("Category", "Integration")]
public sealed class WorkerFailureTests : IAsyncLifetime
{
    private readonly FakeRunnerJournal journal = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        var connection = await Azurite.RequireAsync();
        var name = Azurite.FreshName("kill-worker");
        cluster = TestClusters.Build(journal, 3, n => n == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker, silo => silo.UseAzurite(connection, name));
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Trials_of_a_killed_worker_resume_elsewhere_from_their_checkpoints_none_lost_none_duplicated()
    {
        const string id = "kill-worker";
        // First attempts stop after step 10 (checkpoints at 5 and 10 reported) until the kill, so the four
        // admitted trials are all mid-run when it comes; before, they could finish first under load.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        journal.Plans[id] = _ => new FakePlan(60, TimeSpan.FromMilliseconds(50), CheckpointEvery: 5, HoldAtStep: 10, Release: release.Task);
        var sweep = cluster.Client.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(Infrastructure.Specs.Grid("kill", priors: 3, budgets: 2, seeds: 1, maxConcurrent: 4));

        // Wait until the four admitted trials run and have each persisted a checkpoint.
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

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(6, status.Completed);
        Assert.Equal(0, journal.Overlaps);
        var runs = journal.Runs(id);
        var trials = await sweep.GetTrialsAsync();
        Assert.All(trials, t => Assert.Equal(1, journal.Completions(t.TrialId)));
        Assert.All(runs.Where(r => r.Ending == "completed"), r => Assert.NotEqual(victim, r.Silo));
        foreach (var trialId in victims)
        {
            var resumed = runs.Where(r => r.TrialId == trialId && r.Silo != victim).ToList();
            var run = Assert.Single(resumed);
            Assert.NotNull(run.ResumeCheckpoint);
            Assert.True(run.StartStep >= 5, $"{trialId} restarted from step {run.StartStep}, not from a checkpoint");
            Assert.Equal("completed", run.Ending);
            ResumeAssertions.AtMostOneIntervalLost(runs, trialId, victim, run, interval: 5);
        }
    }
}
