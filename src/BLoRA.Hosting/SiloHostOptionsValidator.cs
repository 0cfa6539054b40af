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

        if (options.Clustering != ClusteringProvider.Localhost && string.IsNullOrWhiteSpace(options.ClusteringConnectionString))
        {
            problems.Add($"{s}:ClusteringConnectionString: required when {s}:Clustering is {options.Clustering} (env BLoRA__Silo__ClusteringConnectionString).");
        }

        if (options.Storage == GrainStorageProvider.AzureStorage && string.IsNullOrWhiteSpace(options.StorageConnectionString))
        {
            problems.Add($"{s}:StorageConnectionString: required when {s}:Storage is AzureStorage (Azurite: UseDevelopmentStorage=true).");
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

        if (options.SiloPort == options.GatewayPort)
        {
            problems.Add($"{s}:GatewayPort: must differ from {s}:SiloPort ({options.SiloPort}).");
        }

        return problems;
    }
}
