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
}
