using BLoRA.Cli.Sweeps;

namespace BLoRA.Cli.Cluster;

/// <summary>Opens a connection to a cluster; tests replace it with one bound to an in-process cluster.</summary>
internal interface IClusterConnectionFactory
{
    /// <param name="cluster">The --cluster option (host:port[,host:port]); null: BLORA_CLUSTER, then the config file, then 127.0.0.1:30000.</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    Task<IClusterConnection> ConnectAsync(string? cluster, CancellationToken cancellationToken);

    /// <summary>Connects with a command's cluster options (gateways and TLS flags).</summary>
    /// <param name="settings">--cluster, --tls-cert, --tls-key, --tls-ca.</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    Task<IClusterConnection> ConnectAsync(ClusterSettings settings, CancellationToken cancellationToken) => ConnectAsync(settings?.Cluster, cancellationToken);
}
