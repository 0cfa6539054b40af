using System.Net;

namespace BLoRA.Hosting;

/// <summary>Every problem with <see cref="SiloHostOptions"/>, each naming the key to set.</summary>
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

        var clusteringSecret = !string.IsNullOrWhiteSpace(options.ClusteringConnectionString);
        switch (options.Clustering)
        {
            case ClusteringProvider.AzureTable when clusteringSecret == (options.ClusteringServiceUri is not null):
                problems.Add(clusteringSecret
                    ? $"{s}:ClusteringServiceUri: set either it or {s}:ClusteringConnectionString, not both."
                    : $"{s}:ClusteringConnectionString: required when {s}:Clustering is AzureTable (env BLoRA__Silo__ClusteringConnectionString), or set {s}:ClusteringServiceUri to sign in with Microsoft Entra ID (workload identity).");
                break;
            case ClusteringProvider.Redis when !clusteringSecret:
                problems.Add($"{s}:ClusteringConnectionString: required when {s}:Clustering is Redis (env BLoRA__Silo__ClusteringConnectionString).");
                break;
            case ClusteringProvider.Redis or ClusteringProvider.Localhost when options.ClusteringServiceUri is not null:
                problems.Add($"{s}:ClusteringServiceUri: only for {s}:Clustering AzureTable (it is {options.Clustering}).");
                break;
        }

        AbsoluteUri(problems, $"{s}:ClusteringServiceUri", options.ClusteringServiceUri);
        AbsoluteUri(problems, $"{s}:StorageBlobServiceUri", options.StorageBlobServiceUri);
        AbsoluteUri(problems, $"{s}:StorageTableServiceUri", options.StorageTableServiceUri);
        if (options.Storage == GrainStorageProvider.AzureStorage)
        {
            var storageSecret = !string.IsNullOrWhiteSpace(options.StorageConnectionString);
            var uris = (options.StorageBlobServiceUri is not null ? 1 : 0) + (options.StorageTableServiceUri is not null ? 1 : 0);
            if (storageSecret && uris > 0)
            {
                problems.Add($"{s}:StorageConnectionString: set either it or {s}:StorageBlobServiceUri + {s}:StorageTableServiceUri, not both.");
            }
            else if (!storageSecret && uris == 0)
            {
                problems.Add($"{s}:StorageConnectionString: required when {s}:Storage is AzureStorage (Azurite: UseDevelopmentStorage=true), or set {s}:StorageBlobServiceUri and {s}:StorageTableServiceUri to sign in with Microsoft Entra ID (workload identity).");
            }
            else if (!storageSecret && uris == 1)
            {
                problems.Add($"{s}:{(options.StorageBlobServiceUri is null ? "StorageBlobServiceUri" : "StorageTableServiceUri")}: required with the other one (grain state in Blob, reminders in Table).");
            }
        }

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

        if (!IPAddress.TryParse(options.HttpAddress, out var http))
        {
            problems.Add($"{s}:HttpAddress: '{options.HttpAddress}' is not an IP address; set 127.0.0.1 (default) or 0.0.0.0 (containers, for probes).");
        }
        else if (options.Dashboard && !IPAddress.IsLoopback(http))
        {
            problems.Add($"{s}:Dashboard: the dashboard has no authentication and {s}:HttpAddress is {options.HttpAddress}; set {s}:Dashboard=false or a loopback {s}:HttpAddress (127.0.0.1).");
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

        return problems;
    }

    private static void AbsoluteUri(List<string> problems, string key, Uri? uri)
    {
        if (uri is { IsAbsoluteUri: false })
        {
            problems.Add($"{key}: '{uri}' is not an absolute URI (e.g. https://ACCOUNT.table.core.windows.net/).");
        }
    }
}
