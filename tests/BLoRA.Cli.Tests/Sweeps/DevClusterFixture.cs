using BLoRA.Abstractions;
using BLoRA.Cli.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace BLoRA.Cli.Tests.Sweeps;

/// <summary>
/// One real dev silo (coordinator + worker with the B-LoRA runner) per test collection, on free ports. Its
/// runner lets a test hold the trials of a sweep before they train (<see cref="Runner"/>).
/// </summary>
public sealed class DevClusterFixture : IAsyncLifetime
{
    private WebApplication? app;

    internal GatedTrialRunner Runner { get; private set; } = null!;

    public string Artifacts { get; } = Directory.CreateTempSubdirectory("blora-cli-cluster-").FullName;

    internal IClusterClient Client => DevCluster.Client(app!);

    internal IClusterConnectionFactory Connections => new FixedConnectionFactory(Client);

    public async Task InitializeAsync()
    {
        app = await DevCluster.StartAsync(
            new DevClusterSettings
            {
                SiloPort = DevCluster.FreePort(),
                GatewayPort = DevCluster.FreePort(),
                DashboardPort = DevCluster.FreePort(),
                Dashboard = false,
                Slots = 2,
                ArtifactsDirectory = Artifacts,
                Quiet = true,
            },
            CancellationToken.None,
            GatedTrialRunner.Bind);
        Runner = (GatedTrialRunner)app.Services.GetRequiredService<ITrialRunner>();
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Directory.Delete(Artifacts, recursive: true);
    }

    private sealed class FixedConnectionFactory(IClusterClient client) : IClusterConnectionFactory
    {
        public Task<IClusterConnection> ConnectAsync(string? cluster, CancellationToken cancellationToken) =>
            Task.FromResult<IClusterConnection>(new Connection(client));

        private sealed class Connection(IClusterClient client) : IClusterConnection
        {
            public IClusterClient Client => client;

            public string Description => "in-process dev silo";

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
