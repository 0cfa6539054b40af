using System.Net;
using BLoRA.Hosting.Security;
using BLoRA.Storage;

namespace BLoRA.Hosting;

/// <summary>Every problem with <see cref="SiloHostOptions"/>, each naming the key to set; never echoes a connection string.</summary>
public static class SiloHostOptionsValidator
{
    public static IReadOnlyList<string> Problems(SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s = SiloHostOptions.SectionName;
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            problems.Add($"{s}:ClusterId: must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            problems.Add($"{s}:ServiceId: must not be empty.");
        }

        ClusteringProblems(options, problems);
        StorageProblems(options, problems);
        problems.AddRange(AzureCredentials.ClientIdProblems(options.ManagedIdentityClientId, $"{s}:ManagedIdentityClientId"));
        if (options.AdvertisedAddress is { } address && !IPAddress.TryParse(address, out _))
        {
            problems.Add($"{s}:AdvertisedAddress: '{address}' is not an IP address (Kubernetes: set it from status.podIP).");
        }

        foreach (var (name, port) in new[] { ("SiloPort", options.SiloPort), ("GatewayPort", options.GatewayPort), ("DashboardPort", options.DashboardPort) })
        {
            if (port is < 1 or > 65535)
            {
                problems.Add($"{s}:{name}: must be a TCP port, 1-65535 (got {port}).");
            }
        }

        if (options.ShutdownTimeout < TimeSpan.FromSeconds(1) || options.ShutdownTimeout > TimeSpan.FromHours(1))
        {
            problems.Add($"{s}:ShutdownTimeout: {options.ShutdownTimeout} is out of range; set 00:00:01 to 01:00:00 (and the orchestrator's grace period above it).");
        }

        if (options.SiloPort == options.GatewayPort)
        {
            problems.Add($"{s}:GatewayPort: must differ from {s}:SiloPort ({options.SiloPort}).");
        }

        if (options.DashboardPort == options.SiloPort || options.DashboardPort == options.GatewayPort)
        {
            problems.Add($"{s}:DashboardPort: must differ from {s}:SiloPort ({options.SiloPort}) and {s}:GatewayPort ({options.GatewayPort}).");
        }

        if (!IPAddress.TryParse(options.HttpAddress, out var http))
        {
            problems.Add($"{s}:HttpAddress: '{options.HttpAddress}' is not an IP address; set 127.0.0.1 (default: this machine only) or 0.0.0.0 (every interface: containers, for probes).");
        }
        else if (options.Dashboard && !IPAddress.IsLoopback(http) && !options.AllowRemoteDashboard)
        {
            problems.Add($"{s}:HttpAddress: the dashboard has no authentication and would be served on {http}; keep {s}:HttpAddress at 127.0.0.1, " +
                         $"set {s}:Dashboard=false, or set {s}:AllowRemoteDashboard=true behind a proxy that authenticates.");
        }

        return problems;
    }

    /// <summary>The host's problems plus the TLS rules: a cluster of several hosts uses mutual TLS unless <c>BLoRA:Tls:AllowInsecure</c> says otherwise.</summary>
    public static IReadOnlyList<string> Problems(SiloHostOptions options, ClusterTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tls);
        var t = ClusterTlsOptions.SectionName;
        var problems = Problems(options).Concat(ClusterTlsOptionsValidator.Problems(tls, t, forServer: true)).ToList();
        if (options.Clustering != ClusteringProvider.Localhost && tls.Mode != TlsMode.MutualTls && !tls.AllowInsecure)
        {
            problems.Add($"{t}:Mode: a cluster with {options.Clustering} clustering spans hosts and must use MutualTls (set {t}:Mode=MutualTls, " +
                         $"{t}:CertificatePath and {t}:TrustedCaPath; see README \"Security\"), or set {t}:AllowInsecure=true to run " +
                         $"{(tls.Mode == TlsMode.None ? "unencrypted" : "without client certificates")} on a network you trust.");
        }

        return problems;
    }

    private static void ClusteringProblems(SiloHostOptions options, List<string> problems)
    {
        var s = SiloHostOptions.SectionName;
        var hasConnection = !string.IsNullOrWhiteSpace(options.ClusteringConnectionString);
        switch (options.Clustering)
        {
            case ClusteringProvider.Localhost:
                break;
            case ClusteringProvider.AzureTable when !hasConnection && options.ClusteringServiceUri is null:
                problems.Add($"{s}:ClusteringConnectionString: required when {s}:Clustering is AzureTable (env BLoRA__Silo__ClusteringConnectionString), " +
                             $"unless {s}:ClusteringServiceUri names the table endpoint (https://ACCOUNT.table.core.windows.net) for Azure identity.");
                break;
            case ClusteringProvider.AzureTable when hasConnection && options.ClusteringServiceUri is not null:
                problems.Add($"{s}:ClusteringServiceUri: set either it (Azure identity) or {s}:ClusteringConnectionString, not both.");
                break;
            case ClusteringProvider.Redis when !hasConnection:
                problems.Add($"{s}:ClusteringConnectionString: required when {s}:Clustering is Redis (a StackExchange.Redis configuration string; env BLoRA__Silo__ClusteringConnectionString).");
                break;
            default:
                if (!Enum.IsDefined(options.Clustering))
                {
                    problems.Add($"{s}:Clustering: '{options.Clustering}' is not a provider; set Localhost, AzureTable or Redis.");
                }

                break;
        }

        if (options.Clustering == ClusteringProvider.Redis && options.ClusteringServiceUri is not null)
        {
            problems.Add($"{s}:ClusteringServiceUri: applies to AzureTable clustering only; Redis takes {s}:ClusteringConnectionString.");
        }

        if (options.Clustering == ClusteringProvider.AzureTable)
        {
            problems.AddRange(AzureCredentials.ConnectionStringProblems(options.ClusteringConnectionString, $"{s}:ClusteringConnectionString"));
            problems.AddRange(AzureCredentials.EndpointProblems(options.ClusteringServiceUri, $"{s}:ClusteringServiceUri", "https://ACCOUNT.table.core.windows.net"));
        }
    }

    private static void StorageProblems(SiloHostOptions options, List<string> problems)
    {
        var s = SiloHostOptions.SectionName;
        if (options.Storage != GrainStorageProvider.AzureStorage)
        {
            if (!Enum.IsDefined(options.Storage))
            {
                problems.Add($"{s}:Storage: '{options.Storage}' is not a provider; set Memory or AzureStorage.");
            }

            return;
        }

        var hasConnection = !string.IsNullOrWhiteSpace(options.StorageConnectionString);
        var blob = options.StorageBlobServiceUri;
        var table = options.StorageTableServiceUri;
        if (hasConnection && (blob is not null || table is not null))
        {
            problems.Add($"{s}:StorageConnectionString: set either it or {s}:StorageBlobServiceUri + {s}:StorageTableServiceUri (Azure identity), not both.");
        }
        else if (!hasConnection && blob is null && table is null)
        {
            problems.Add($"{s}:StorageConnectionString: required when {s}:Storage is AzureStorage (Azurite: UseDevelopmentStorage=true), unless " +
                         $"{s}:StorageBlobServiceUri and {s}:StorageTableServiceUri name the endpoints for Azure identity.");
        }
        else if (!hasConnection && blob is null)
        {
            problems.Add($"{s}:StorageBlobServiceUri: missing; with Azure identity both endpoints are needed (grain state in blobs: https://ACCOUNT.blob.core.windows.net).");
        }
        else if (!hasConnection && table is null)
        {
            problems.Add($"{s}:StorageTableServiceUri: missing; with Azure identity both endpoints are needed (reminders in tables: https://ACCOUNT.table.core.windows.net).");
        }

        problems.AddRange(AzureCredentials.ConnectionStringProblems(options.StorageConnectionString, $"{s}:StorageConnectionString"));
        problems.AddRange(AzureCredentials.EndpointProblems(blob, $"{s}:StorageBlobServiceUri", "https://ACCOUNT.blob.core.windows.net"));
        problems.AddRange(AzureCredentials.EndpointProblems(table, $"{s}:StorageTableServiceUri", "https://ACCOUNT.table.core.windows.net"));
    }
}
