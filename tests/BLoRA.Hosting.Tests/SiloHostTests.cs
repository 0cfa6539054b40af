using Microsoft.Extensions.DependencyInjection;

namespace BLoRA.Hosting.Tests;

public sealed class SiloHostTests
{
    [Fact]
    public void Defaults_are_a_valid_dev_silo()
    {
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions()));
    }

    [Fact]
    public void Every_problem_names_the_key_to_set()
    {
        var problems = SiloHostOptionsValidator.Problems(new SiloHostOptions
        {
            Clustering = ClusteringProvider.Redis,
            Storage = GrainStorageProvider.AzureStorage,
            AdvertisedAddress = "pod-ip",
            SiloPort = 0,
            GatewayPort = 0,
        });
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:ClusteringConnectionString:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:StorageConnectionString:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:AdvertisedAddress:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:SiloPort:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:GatewayPort:", StringComparison.Ordinal));
    }

    [Fact]
    public void Building_a_silo_with_bad_configuration_lists_every_problem_across_sections()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => BLoRASiloHost.Build(
        [
            "--BLoRA:Silo:Clustering=AzureTable",
            "--BLoRA:Cluster:Role=Worker",
            "--BLoRA:Cluster:WorkerSlots=0",
            "--BLoRA:Runner:Device=tpu",
            "--BLoRA:Artifacts:Kind=AzureBlob",
        ]));
        Assert.Contains(error.Problems, p => p.Contains("BLoRA:Silo:ClusteringConnectionString", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("BLoRA:Cluster:WorkerSlots", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("BLoRA:Runner:Device", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("BLoRA:Artifacts", StringComparison.Ordinal));
    }

    [Fact]
    public void The_http_address_is_an_ip_and_the_unauthenticated_dashboard_stays_on_loopback()
    {
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { HttpAddress = "any" }), p => p.StartsWith("BLoRA:Silo:HttpAddress:", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { HttpAddress = "0.0.0.0", Dashboard = true }), p => p.StartsWith("BLoRA:Silo:HttpAddress: the dashboard has no authentication", StringComparison.Ordinal));
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions { HttpAddress = "0.0.0.0", Dashboard = false }));
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions { HttpAddress = "::1", Dashboard = true }));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { DashboardPort = 30000 }), p => p.StartsWith("BLoRA:Silo:DashboardPort:", StringComparison.Ordinal));
    }

    [Fact]
    public void Azure_clustering_and_storage_take_a_connection_string_or_service_uris_for_workload_identity()
    {
        var table = new Uri("https://acct.table.core.windows.net/");
        var blob = new Uri("https://acct.blob.core.windows.net/");
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions
        {
            Clustering = ClusteringProvider.AzureTable, ClusteringServiceUri = table,
            Storage = GrainStorageProvider.AzureStorage, StorageBlobServiceUri = blob, StorageTableServiceUri = table,
        }));
        var neither = SiloHostOptionsValidator.Problems(new SiloHostOptions { Clustering = ClusteringProvider.AzureTable, Storage = GrainStorageProvider.AzureStorage });
        Assert.Contains(neither, p => p.StartsWith("BLoRA:Silo:ClusteringConnectionString:", StringComparison.Ordinal) && p.Contains("ClusteringServiceUri", StringComparison.Ordinal));
        Assert.Contains(neither, p => p.StartsWith("BLoRA:Silo:StorageConnectionString:", StringComparison.Ordinal) && p.Contains("StorageBlobServiceUri", StringComparison.Ordinal));
        var both = SiloHostOptionsValidator.Problems(new SiloHostOptions
        {
            Clustering = ClusteringProvider.AzureTable, ClusteringConnectionString = "UseDevelopmentStorage=true", ClusteringServiceUri = table,
            Storage = GrainStorageProvider.AzureStorage, StorageConnectionString = "UseDevelopmentStorage=true", StorageBlobServiceUri = blob,
        });
        Assert.Contains(both, p => p.StartsWith("BLoRA:Silo:ClusteringServiceUri: set either", StringComparison.Ordinal));
        Assert.Contains(both, p => p.StartsWith("BLoRA:Silo:StorageConnectionString: set either", StringComparison.Ordinal));
        var half = SiloHostOptionsValidator.Problems(new SiloHostOptions { Storage = GrainStorageProvider.AzureStorage, StorageBlobServiceUri = blob });
        Assert.Contains(half, p => p.StartsWith("BLoRA:Silo:StorageTableServiceUri: missing", StringComparison.Ordinal));
        var redis = SiloHostOptionsValidator.Problems(new SiloHostOptions { Clustering = ClusteringProvider.Redis, ClusteringConnectionString = "redis:6379", ClusteringServiceUri = table });
        Assert.Contains(redis, p => p.StartsWith("BLoRA:Silo:ClusteringServiceUri: applies to AzureTable clustering only", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shutdown_timeout_is_bounded()
    {
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { ShutdownTimeout = TimeSpan.Zero }), p => p.StartsWith("BLoRA:Silo:ShutdownTimeout:", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { ShutdownTimeout = TimeSpan.FromHours(2) }), p => p.StartsWith("BLoRA:Silo:ShutdownTimeout:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_serves_healthz_on_its_http_address_and_stops_within_its_shutdown_timeout()
    {
        // What Kubernetes probes need: /healthz on a non-loopback address (HttpAddress 0.0.0.0), and the host's
        // graceful stop bounded by BLoRA:Silo:ShutdownTimeout.
        var external = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        var http = FreePort();
        var app = BLoRASiloHost.Build(
        [
            "--BLoRA:Cluster:Role=Coordinator",
            $"--BLoRA:Silo:SiloPort={FreePort()}",
            $"--BLoRA:Silo:GatewayPort={FreePort()}",
            $"--BLoRA:Silo:DashboardPort={http}",
            "--BLoRA:Silo:HttpAddress=0.0.0.0",
            "--BLoRA:Silo:ShutdownTimeout=00:00:07",
            "--BLoRA:Artifacts:LocalDirectory=" + Path.Combine(Path.GetTempPath(), "blora-hosting-test-artifacts"),
        ]);
        await using (app)
        {
            Assert.Equal(TimeSpan.FromSeconds(7), app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Hosting.HostOptions>>().Value.ShutdownTimeout);
            await app.StartAsync();
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var address = external?.ToString() ?? "127.0.0.1";
            Assert.Equal("\"ok\"", await client.GetStringAsync(new Uri($"http://{address}:{http}/healthz")));
            await app.StopAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
