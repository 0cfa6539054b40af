using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Sweeps;

/// <summary>A cluster with no worker silo: the sweep waits in a clear state, and runs once a worker joins.</summary>
[Trait("Category", "Cluster")]
public sealed class NoWorkerTests : IAsyncLifetime
{
    private readonly FakeRunnerJournal journal = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = TestClusters.Build(journal, 1, n => n == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker);
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Without_workers_the_sweep_waits_with_a_clear_reason_and_runs_when_one_joins()
    {
        var sweep = cluster.Client.GetGrain<ISweepGrain>("no-workers");

        var submitted = await sweep.SubmitAsync(Infrastructure.Specs.Grid("waiting", priors: 2, budgets: 1, seeds: 1));
        var waiting = await sweep.GetStatusAsync();

        Assert.Equal(SubmitOutcome.Created, submitted.Outcome);
        Assert.Equal(SweepState.WaitingForWorkers, waiting.State);
        Assert.Contains("no worker silo in the cluster", waiting.Reason, StringComparison.Ordinal);
        Assert.Equal(2, waiting.Pending);

        await cluster.StartAdditionalSiloAsync();
        var done = await Eventually.WaitAsync(sweep.GetStatusAsync, s => s.IsFinished, "the sweep to finish once a worker joined");
        Assert.Equal(2, done.Completed);
        Assert.All(journal.Runs("no-workers"), r => Assert.Equal(cluster.Silos.Single(s => s.Name == "Silo_1").SiloAddress.ToParsableString(), r.Silo));
    }
}
