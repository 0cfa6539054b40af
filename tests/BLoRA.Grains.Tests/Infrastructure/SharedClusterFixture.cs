using BLoRA.Grains.Hosting;
using BLoRA.Grains.Tests.Fakes;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Infrastructure;

/// <summary>One cluster for the collection: Silo_0 coordinator only, Silo_1 and Silo_2 workers (in-memory storage).</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    public FakeRunnerJournal Journal { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The coordinator silo's address, as the journal writes silos.</summary>
    public string Coordinator { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Cluster = TestClusters.Build(Journal, 3, name => name == "Silo_0" ? SiloRole.Coordinator : SiloRole.Worker);
        await Cluster.DeployAsync();
        Coordinator = Cluster.Silos.Single(s => s.Name == "Silo_0").SiloAddress.ToParsableString();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
