using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Recovery;

/// <summary>The coordinator silo (sweeps, slot ledger) dies and a new one joins: the sweep continues (Azurite-backed).</summary>
[Trait("Category", "Integration")]
public sealed class CoordinatorRestartTests : IAsyncLifetime
{
    private readonly FakeRunnerJournal journal = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        var connection = await Azurite.RequireAsync();
        var name = Azurite.FreshName("coordinator");

        // Silo_0 is the first coordinator; Silo_3, started after Silo_0 dies, is its replacement.
        cluster = TestClusters.Build(journal, 3, n => n is "Silo_0" or "Silo_3" ? SiloRole.Coordinator : SiloRole.Worker, silo => silo.UseAzurite(connection, name));
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task After_a_coordinator_restart_the_sweep_continues_to_completion()
    {
        const string id = "coordinator-restart";
        journal.Plans[id] = _ => new FakePlan(20, TimeSpan.FromMilliseconds(50), CheckpointEvery: 5);
        var sweep = cluster.Client.GetGrain<ISweepGrain>(id);
        await sweep.SubmitAsync(Infrastructure.Specs.Grid("restart", priors: 5, budgets: 2, seeds: 1, maxConcurrent: 4));
        var before = await Eventually.WaitAsync(sweep.GetStatusAsync, s => s.Completed >= 2, "two trials to complete");
        Assert.True(before.Pending > 0, "the test needs trials still waiting when the coordinator dies");

        await cluster.KillSiloAsync(cluster.Silos.Single(s => s.Name == "Silo_0"));
        var replacement = await cluster.StartAdditionalSiloAsync();
        Assert.Equal("Silo_3", replacement.Name);
        var status = await Eventually.WaitAsync(sweep.GetStatusAsync, s => s.IsFinished, "the sweep to finish after the restart", 180);

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(10, status.Completed);
        Assert.Equal(0, journal.Overlaps);
        var trials = await sweep.GetTrialsAsync();
        Assert.All(trials, t => Assert.Equal(1, journal.Completions(t.TrialId)));
        Assert.Equal(10, (await sweep.GetFrontAsync()).Points.Length > 0 ? trials.Length : 0);
    }
}
