using BLoRA.Cli.Cluster;

namespace BLoRA.Telemetry.Tests.Infrastructure;

/// <summary>Hands the CLI's cluster commands an already connected client.</summary>
internal sealed class FixedConnections(IClusterClient client) : IClusterConnectionFactory
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
