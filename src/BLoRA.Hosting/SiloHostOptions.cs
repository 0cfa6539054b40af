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

    /// <summary>AzureTable: a storage connection string; Redis: a StackExchange.Redis configuration string. A secret: never logged.</summary>
    public string? ClusteringConnectionString { get; set; }

    /// <summary>AzureTable with Azure identity instead of a connection string: the table endpoint, <c>https://ACCOUNT.table.core.windows.net</c>.</summary>
    public Uri? ClusteringServiceUri { get; set; }

    public GrainStorageProvider Storage { get; set; } = GrainStorageProvider.Memory;

    /// <summary>AzureStorage: the storage account's connection string (Azurite: <c>UseDevelopmentStorage=true</c>). A secret: never logged.</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>AzureStorage with Azure identity instead of a connection string: the blob endpoint (grain state), <c>https://ACCOUNT.blob.core.windows.net</c>.</summary>
    public Uri? StorageBlobServiceUri { get; set; }

    /// <summary>... and the table endpoint (reminders), <c>https://ACCOUNT.table.core.windows.net</c>.</summary>
    public Uri? StorageTableServiceUri { get; set; }

    /// <summary>With the service URIs: the client id of the user-assigned managed identity to use (default: DefaultAzureCredential's choice).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The address other silos and clients reach this one at (Kubernetes: the pod IP). Null: loopback (Localhost) or the first address.</summary>
    public string? AdvertisedAddress { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>Serve the Orleans dashboard (dev silos). It has no authentication: it is served on <see cref="HttpAddress"/>, loopback by default.</summary>
    public bool Dashboard { get; set; }

    /// <summary>The HTTP port: <c>/healthz</c> and, when enabled, the dashboard.</summary>
    public int DashboardPort { get; set; } = 8080;

    /// <summary>The address the HTTP side (/healthz and the dashboard) listens on: 127.0.0.1 unless set.</summary>
    public string HttpAddress { get; set; } = "127.0.0.1";

    /// <summary>Serve the dashboard on a non-loopback <see cref="HttpAddress"/> (it has no authentication: put a proxy with authentication in front).</summary>
    public bool AllowRemoteDashboard { get; set; }

    /// <summary>
    /// How long a stopping silo may take (SIGTERM, a rolling update): workers checkpoint their trials and
    /// Orleans hands grains off within it. Kubernetes' terminationGracePeriodSeconds (compose: stop_grace_period)
    /// must be longer, or the silo is killed midway.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The clustering and storage choices, without connection strings.</summary>
    public override string ToString() =>
        $"ClusterId={ClusterId}, ServiceId={ServiceId}, Clustering={Clustering} ({Credential(ClusteringConnectionString, ClusteringServiceUri)}), " +
        $"Storage={Storage} ({Credential(StorageConnectionString, StorageBlobServiceUri)}), Silo={AdvertisedAddress ?? "auto"}:{SiloPort}, Gateway={GatewayPort}, Http={HttpAddress}:{DashboardPort}";

    private static string Credential(string? connectionString, Uri? endpoint) =>
        !string.IsNullOrEmpty(connectionString) ? "connection string" : endpoint is not null ? "Azure identity" : "none";
}
