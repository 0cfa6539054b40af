using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Grains.Tests.Fakes;
using BLoRA.Grains.Tests.Infrastructure;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Recovery;

/// <summary>
/// Every silo of the cluster dies mid-sweep and a new cluster of the same service starts on the same
/// storage (Azurite): every sweep resumes from what storage holds and completes, with every trial
/// completed exactly once and the interrupted ones resumed from their checkpoints.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ClusterRestartTests : IAsyncLifetime
{
    private const int Sweeps = 3;
    private readonly FakeRunnerJournal journal = new();
    private readonly string serviceId = "restart-" + Guid.NewGuid().ToString("N")[..8];
    private string connection = "";
    private string name = "";
    private InProcessTestCluster? cluster;

    public async Task InitializeAsync()
    {
        connection = await Azurite.RequireAsync();
        name = Azurite.FreshName("restart-all");
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_every_silo_dies_a_new_cluster_on_the_same_storage_resumes_and_completes_every_sweep()
    {
        var ids = Enumerable.Range(0, Sweeps).Select(i => $"restart-all-{i}").ToList();
        cluster = await StartClusterAsync();
        foreach (var id in ids)
        {
            journal.Plans[id] = _ => new FakePlan(40, TimeSpan.FromMilliseconds(50), CheckpointEvery: 5);
            await cluster.Client.GetGrain<ISweepGrain>(id).SubmitAsync(Infrastructure.Specs.Grid(id, priors: 3, budgets: 2, seeds: 1, maxConcurrent: 2));
        }

        // Kill once some trials are done and others are under way past a checkpoint.
        await Eventually.WaitAsync(
            () => Task.FromResult(AllRuns(ids).Count(r => r.Ending == "running" && r.LastStep > 5)),
            n => n >= 2,
            "two runs past their first checkpoint");
        var before = await Task.WhenAll(ids.Select(id => cluster.Client.GetGrain<ISweepGrain>(id).GetStatusAsync()));
        Assert.All(before, s => Assert.False(s.IsFinished));
        foreach (var silo in cluster.Silos.ToList())
        {
            await cluster.KillSiloAsync(silo);
        }

        await cluster.DisposeAsync();
        var interrupted = AllRuns(ids).Where(r => r.Ending != "completed").Select(r => r.TrialId).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(interrupted);

        cluster = await StartClusterAsync();
        var after = await Task.WhenAll(ids.Select(id =>
            Eventually.WaitAsync(cluster.Client.GetGrain<ISweepGrain>(id).GetStatusAsync, s => s.IsFinished, $"sweep {id} to finish after the restart", 180)));

        Assert.All(after, s => Assert.Equal((SweepState.Completed, 6), (s.State, s.Completed)));
        Assert.Equal(0, journal.Overlaps);
        foreach (var id in ids)
        {
            var trials = await cluster.Client.GetGrain<ISweepGrain>(id).GetTrialsAsync();
            Assert.All(trials, t => Assert.Equal(1, journal.Completions(t.TrialId)));
        }

        // Each trial cut off past its first checkpoint continued from its last one, losing at most one interval.
        foreach (var trialId in interrupted)
        {
            var runs = AllRuns(ids).Where(r => r.TrialId == trialId).ToList();
            var cut = runs.Single(r => r.Ending != "completed");
            var resumed = runs.Single(r => r.Ending == "completed");
            if (cut.LastStep > 5)
            {
                ResumeAssertions.AtMostOneIntervalLost(cut, resumed, interval: 5);
            }
        }
    }

    private List<FakeRun> AllRuns(List<string> ids) => [.. ids.SelectMany(journal.Runs)];

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var c = TestClusters.Build(journal, 3, n => n == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker, silo => silo.UseAzurite(connection, name), serviceId: serviceId);
        await c.DeployAsync();
        return c;
    }
}
