namespace BLoRA.Hosting;

/// <summary>
/// How a BLoRA silo joins its cluster (configuration section <c>BLoRA:Silo</c>). The silo's role and
/// worker slots are in <c>BLoRA:Cluster</c>, the runner's device in <c>BLoRA:Runner</c>, the artifact
/// store in <c>BLoRA:Artifacts</c>.
/// </summary>
public sealed class SiloHostOptions
{
    public const string SectionName = "BLoRA:Silo";

    public string ClusterId { get; set; } = "blora";

    public string ServiceId { get; set; } = "blora";

    public ClusteringProvider Clustering { get; set; } = ClusteringProvider.Localhost;

    /// <summary>AzureTable: a storage connection string; Redis: a StackExchange.Redis configuration string.</summary>
    public string? ClusteringConnectionString { get; set; }

    /// <summary>
    /// AzureTable without a secret: the Table service URI (<c>https://ACCOUNT.table.core.windows.net/</c>), signed in with
    /// Microsoft Entra ID (AKS workload identity, a managed identity, the Azure CLI). Instead of <see cref="ClusteringConnectionString"/>.
    /// </summary>
    public Uri? ClusteringServiceUri { get; set; }

    public GrainStorageProvider Storage { get; set; } = GrainStorageProvider.Memory;

    /// <summary>AzureStorage: the storage account's connection string (Azurite: <c>UseDevelopmentStorage=true</c>).</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>AzureStorage without a secret: the Blob service URI for grain state (with <see cref="StorageTableServiceUri"/>, signed in with Microsoft Entra ID).</summary>
    public Uri? StorageBlobServiceUri { get; set; }

    /// <summary>AzureStorage without a secret: the Table service URI for reminders.</summary>
    public Uri? StorageTableServiceUri { get; set; }

    /// <summary>The address other silos and clients reach this one at (Kubernetes: the pod IP). Null: loopback (Localhost) or the first address.</summary>
    public string? AdvertisedAddress { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Serve the Orleans dashboard (dev silos; only on a loopback <see cref="HttpAddress"/>: it has no authentication).</summary>
    public bool Dashboard { get; set; }

    /// <summary>The HTTP port: <c>/healthz</c> and, when enabled, the dashboard.</summary>
    public int DashboardPort { get; set; } = 8080;

    /// <summary>
    /// The address the HTTP side listens on. Loopback by default; <c>0.0.0.0</c> in containers so that
    /// Kubernetes probes reach <c>/healthz</c> (the dashboard must then stay off).
    /// </summary>
    public string HttpAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// How long a stopping silo may take (SIGTERM, a rolling update): workers checkpoint their trials and
    /// Orleans hands grains off within it. Kubernetes' terminationGracePeriodSeconds (compose: stop_grace_period)
    /// must be longer, or the silo is killed midway.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
